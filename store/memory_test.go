package store

import (
	"context"
	"errors"
	"testing"
)

// secretsContract is what every Secrets implementation must do; the
// in-memory fake and the real keyring (keyring_integration_test.go) run it.
func secretsContract(t *testing.T, s Secrets, profile string) {
	t.Helper()
	ctx := context.Background()
	name := SecretERacuniPassword

	_ = s.Delete(ctx, profile, name) // start clean when run against a real keyring
	if _, err := s.Get(ctx, profile, name); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get of a missing secret: %v, want ErrSecretNotFound", err)
	}
	if err := s.Set(ctx, profile, name, "first-pässword"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if v, err := s.Get(ctx, profile, name); err != nil || v != "first-pässword" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if err := s.Set(ctx, profile, name, "second"); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	if v, err := s.Get(ctx, profile, name); err != nil || v != "second" {
		t.Fatalf("Get after overwrite = %q, %v", v, err)
	}
	if _, err := s.Get(ctx, profile, SecretERacuniToken); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("another name leaked a value: %v", err)
	}
	if err := s.Delete(ctx, profile, name); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(ctx, profile, name); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := s.Delete(ctx, profile, name); err != nil {
		t.Fatalf("Delete of a missing secret must succeed: %v", err)
	}
}

func TestMemorySecrets(t *testing.T) {
	secretsContract(t, NewMemory(), DefaultProfile)
}

func TestMemoryProfilesAreSeparate(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	_ = m.Set(ctx, "default", SecretWHMCSSecret, "a")
	_ = m.Set(ctx, "shop2", SecretWHMCSSecret, "b")
	if v, _ := m.Get(ctx, "default", SecretWHMCSSecret); v != "a" {
		t.Fatalf("default profile = %q", v)
	}
	if v, _ := m.Get(ctx, "shop2", SecretWHMCSSecret); v != "b" {
		t.Fatalf("shop2 profile = %q", v)
	}
}

func TestMemoryFailWith(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	_ = m.Set(ctx, DefaultProfile, SecretWHMCSSecret, "x")
	locked := &KeyringError{Kind: KeyringLocked}
	m.FailWith(locked)
	if _, err := m.Get(ctx, DefaultProfile, SecretWHMCSSecret); err != locked {
		t.Fatalf("Get while failing: %v", err)
	}
	if err := m.Set(ctx, DefaultProfile, SecretWHMCSSecret, "y"); err != locked {
		t.Fatalf("Set while failing: %v", err)
	}
	m.FailWith(nil)
	if v, err := m.Get(ctx, DefaultProfile, SecretWHMCSSecret); err != nil || v != "x" {
		t.Fatalf("after recovery: %q %v", v, err)
	}
}

func TestForgetAll(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	for _, name := range AllSecrets {
		_ = m.Set(ctx, DefaultProfile, name, "v-"+name)
	}
	_ = m.Set(ctx, "other", SecretWHMCSSecret, "keep")
	if err := ForgetAll(ctx, m, DefaultProfile); err != nil {
		t.Fatal(err)
	}
	for _, name := range AllSecrets {
		if _, err := m.Get(ctx, DefaultProfile, name); !errors.Is(err, ErrSecretNotFound) {
			t.Fatalf("%s survived ForgetAll: %v", name, err)
		}
	}
	if v, _ := m.Get(ctx, "other", SecretWHMCSSecret); v != "keep" {
		t.Fatal("ForgetAll touched another profile")
	}
}

func TestSecretNotFoundMessageNamesTheSecret(t *testing.T) {
	_, err := NewMemory().Get(context.Background(), DefaultProfile, SecretWHMCSSecret)
	want := "The WHMCS API secret is not saved in the system keyring. Enter it again in the settings (or with `whmcs-eracuni configure`)."
	if err == nil || err.Error() != want {
		t.Fatalf("message = %v", err)
	}
}
