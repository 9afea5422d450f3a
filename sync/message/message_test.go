package message

import "testing"

func TestWithRendersEnglish(t *testing.T) {
	tpl := Define("test.greeting", `Invalid IP {{.ip}}: add it in WHMCS`)
	m := tpl.With("ip", "203.0.113.9")
	if got, want := m.String(), "Invalid IP 203.0.113.9: add it in WHMCS"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if m.Key != "test.greeting" {
		t.Fatalf("key lost: %q", m.Key)
	}
}

func TestDefineTwiceWithOtherTextPanics(t *testing.T) {
	Define("test.twice", "a")
	Define("test.twice", "a")
	defer func() {
		if recover() == nil {
			t.Fatal("redefining a key with other text must panic")
		}
	}()
	Define("test.twice", "b")
}

func TestAllListsDefinedKeys(t *testing.T) {
	Define("test.listed", "x")
	for _, m := range All() {
		if m.Key == "test.listed" {
			return
		}
	}
	t.Fatal("defined key missing from All")
}
