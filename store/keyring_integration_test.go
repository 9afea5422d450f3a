package store

import (
	"context"
	"os"
	"testing"
	"time"
)

// Runs against the real OS keyring through go-keyring. On Linux it needs an
// unlocked Secret Service; `make test` provides one with gnome-keyring inside
// dbus-run-session (fyne-stack.md §2.4). Skipped unless KEYRING_IT=1.
func TestKeyringIntegration(t *testing.T) {
	if os.Getenv("KEYRING_IT") != "1" {
		t.Skip("set KEYRING_IT=1 to run against the real system keyring")
	}
	k := NewKeyring(20 * time.Second)
	profile := "it-" + time.Now().UTC().Format("20060102T150405.000000000")
	t.Cleanup(func() { _ = ForgetAll(context.Background(), k, profile) })
	secretsContract(t, k, profile)

	// Every known secret can be stored and forgotten.
	ctx := context.Background()
	for _, name := range AllSecrets {
		if err := k.Set(ctx, profile, name, "value of "+name); err != nil {
			t.Fatalf("Set %s: %v", name, err)
		}
	}
	if err := ForgetAll(ctx, k, profile); err != nil {
		t.Fatalf("ForgetAll: %v", err)
	}
	for _, name := range AllSecrets {
		if _, err := k.Get(ctx, profile, name); err == nil {
			t.Fatalf("%s survived ForgetAll", name)
		}
	}
}
