package cli_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"whmcs-eracuni/sync/message"
)

// docSections names the groups of docs/MESSAGES.md by key prefix.
var docSections = []struct{ prefix, title, intro string }{
	{"whmcs.", "WHMCS", "Errors from the connection to WHMCS (the wizard's first step, `check`, and every sync)."},
	{"eracuni.", "e-računi", "Errors from the connection to e-računi (the wizard's second step, `check`, and every sync)."},
	{"store.", "Data folder", "Problems with the data file (settings, ledger, history)."},
	{"keyring.", "System keyring", "Problems reaching the system keyring, where the secrets are kept."},
	{"sync.", "Sync", "What a sync or preview says about the run as a whole and about each order."},
}

// TestMessagesDocIsCurrent keeps docs/MESSAGES.md — every message the app
// can show, with what to do — in step with the code. UPDATE_MESSAGES_MD=1
// rewrites it.
func TestMessagesDocIsCurrent(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Every message the app can show\n\n")
	b.WriteString("Generated from the code by `UPDATE_MESSAGES_MD=1 go test ./cli -run TestMessagesDocIsCurrent`; a test fails when it\n")
	b.WriteString("is out of date. Each message already says what to do; `{{.name}}` marks a value filled in when it is shown.\n")
	b.WriteString("The app shows the same messages in Slovenian (assets/translations/sl.json).\n")
	all := message.All()
	for _, sec := range docSections {
		var rows []message.Template
		for _, m := range all {
			if strings.HasPrefix(m.Key, sec.prefix) && !strings.HasPrefix(m.Key, "sync.progress.") {
				rows = append(rows, m)
			}
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].Key < rows[j].Key })
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n| key | message |\n|---|---|\n", sec.title, sec.intro)
		for _, m := range rows {
			text := strings.NewReplacer("|", `\|`, "\n", " ").Replace(m.English)
			fmt.Fprintf(&b, "| `%s` | %s |\n", m.Key, text)
		}
	}
	const path = "../docs/MESSAGES.md"
	if os.Getenv("UPDATE_MESSAGES_MD") == "1" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, _ := os.ReadFile(path)
	if string(old) != b.String() {
		t.Fatal("docs/MESSAGES.md is out of date: run UPDATE_MESSAGES_MD=1 go test ./cli -run TestMessagesDocIsCurrent")
	}
}
