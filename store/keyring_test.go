package store

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

const noKeyringText = "No system keyring is available. On Linux, install and unlock GNOME Keyring or KeePassXC (Secret Service); on Windows and macOS the system keyring is used."

func TestExplainKeyringError(t *testing.T) {
	timeout := &KeyringError{Kind: KeyringTimeout, Timeout: 5 * time.Second}
	cases := []struct {
		name string
		in   error
		kind KeyringErrorKind
		text string // exact message, or a part of it for KeyringFailed
	}{
		// The texts below were seen on Debian 12 (fyne-stack.md §2.3).
		{"no bus, no dbus-launch", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, KeyringUnavailable, noKeyringText},
		{"same, as plain text", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), KeyringUnavailable, noKeyringText},
		{"no Secret Service", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), KeyringUnavailable, noKeyringText},
		{"no unlocked login keyring", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), KeyringLocked,
			`The system keyring is locked and could not be unlocked. Unlock it (on Linux the "Login" keyring, on macOS the login keychain) and try again.`},
		{"locked, no display", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'"), KeyringLocked, "is locked"},
		{"too big", keyring.ErrSetDataTooBig, KeyringTooBig, "too long for the system keyring"},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, KeyringUnavailable, noKeyringText},
		{"anything else", errors.New("org.freedesktop.DBus.Error.NoReply: Did not receive a reply"), KeyringFailed,
			"The system keyring could not be used: org.freedesktop.DBus.Error.NoReply: Did not receive a reply. Check that it is running and unlocked, then try again."},
		{"timeout passes through", timeout, KeyringTimeout,
			"The system keyring did not answer within 5 seconds; it may be locked and waiting for a password prompt. Unlock it and try again."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := explainKeyringError(c.in)
			var ke *KeyringError
			if !errors.As(err, &ke) || ke.Kind != c.kind {
				t.Fatalf("explain(%v) = %T %v, want kind %d", c.in, err, err, c.kind)
			}
			if c.kind == KeyringUnavailable || strings.HasSuffix(c.text, ".") && len(c.text) > 60 {
				if err.Error() != c.text {
					t.Fatalf("message = %q\nwant      %q", err.Error(), c.text)
				}
			} else if !strings.Contains(err.Error(), c.text) {
				t.Fatalf("message %q lacks %q", err.Error(), c.text)
			}
			if ke.Explain().Key == "" {
				t.Fatal("no message key")
			}
		})
	}
	if explainKeyringError(nil) != nil {
		t.Fatal("nil must stay nil")
	}
	if err := explainKeyringError(context.Canceled); err != context.Canceled {
		t.Fatalf("a cancelled call became %v", err)
	}
}

// mapBackend is go-keyring's behaviour over a map (what MockInit does, but
// local to the test).
type mapBackend struct {
	mu    sync.Mutex
	items map[string]string
	users []string
}

func (m *mapBackend) backend() keyringBackend {
	m.items = map[string]string{}
	key := func(service, user string) string {
		m.users = append(m.users, service+" "+user)
		return service + "\x00" + user
	}
	return keyringBackend{
		get: func(service, user string) (string, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			v, ok := m.items[key(service, user)]
			if !ok {
				return "", keyring.ErrNotFound
			}
			return v, nil
		},
		set: func(service, user, password string) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.items[key(service, user)] = password
			return nil
		},
		del: func(service, user string) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			k := key(service, user)
			if _, ok := m.items[k]; !ok {
				return keyring.ErrNotFound
			}
			delete(m.items, k)
			return nil
		},
	}
}

func TestKeyringOverBackend(t *testing.T) {
	var mb mapBackend
	k := newKeyring(time.Minute, mb.backend())
	secretsContract(t, k, DefaultProfile)
	mb.mu.Lock()
	defer mb.mu.Unlock()
	if mb.users[0] != "whmcs-eracuni default/eracuni-password" {
		t.Fatalf("stored under %q, want service whmcs-eracuni, user default/eracuni-password", mb.users[0])
	}
}

// blockingBackend never answers, like go-keyring waiting on an unlock prompt
// nobody sees. entered reports each call that reached it.
func blockingBackend(t *testing.T) (keyringBackend, <-chan struct{}) {
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	t.Cleanup(func() { close(release) }) // let the abandoned goroutines end
	block := func() { entered <- struct{}{}; <-release }
	return keyringBackend{
		get: func(string, string) (string, error) { block(); return "", nil },
		set: func(string, string, string) error { block(); return nil },
		del: func(string, string) error { block(); return nil },
	}, entered
}

func TestKeyringTimesOutWhenTheKeyringHangs(t *testing.T) {
	backend, _ := blockingBackend(t)
	k := newKeyring(50*time.Millisecond, backend)
	ctx := context.Background()
	want := "The system keyring did not answer within 0.05 seconds; it may be locked and waiting for a password prompt. Unlock it and try again."
	for name, call := range map[string]func() error{
		"Get":    func() error { _, err := k.Get(ctx, DefaultProfile, SecretWHMCSSecret); return err },
		"Set":    func() error { return k.Set(ctx, DefaultProfile, SecretWHMCSSecret, "s3cret") },
		"Delete": func() error { return k.Delete(ctx, DefaultProfile, SecretWHMCSSecret) },
	} {
		done := make(chan error, 1)
		go func() { done <- call() }()
		select {
		case err := <-done:
			var ke *KeyringError
			if !errors.As(err, &ke) || ke.Kind != KeyringTimeout || err.Error() != want {
				t.Fatalf("%s: %v, want the timeout error", name, err)
			}
		case <-time.After(10 * time.Second): // guard only: the call must end after 50 ms
			t.Fatalf("%s blocked although the keyring timeout is 50ms", name)
		}
	}
}

func TestKeyringReturnsWhenContextEnds(t *testing.T) {
	backend, entered := blockingBackend(t)
	k := newKeyring(time.Hour, backend)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-entered; cancel() }()
	_, err := k.Get(ctx, DefaultProfile, SecretWHMCSSecret)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Get after cancel: %v", err)
	}
	if _, err := k.Get(ctx, DefaultProfile, SecretWHMCSSecret); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with a cancelled context: %v", err)
	}
}

func TestDefaultKeyringTimeoutIsNamedInSeconds(t *testing.T) {
	k := NewKeyring(0).(*osKeyring)
	if k.timeout != DefaultKeyringTimeout {
		t.Fatalf("timeout = %v", k.timeout)
	}
	err := &KeyringError{Kind: KeyringTimeout, Timeout: k.timeout}
	if !strings.Contains(err.Error(), "within 10 seconds") {
		t.Fatalf("message %q", err)
	}
}

func TestKeyringErrorsNeverCarryTheSecret(t *testing.T) {
	const secret = "hunter2-Very-Secret"
	backend := keyringBackend{
		set: func(service, user, password string) error {
			// Some platforms echo the failed command, password included.
			return errors.New("security: add-generic-password -s " + service + " -a " + user + " -w " + password + ": failed")
		},
	}
	err := newKeyring(time.Minute, backend).Set(context.Background(), DefaultProfile, SecretERacuniSecretKey, secret)
	if err == nil {
		t.Fatal("no error")
	}
	var ke *KeyringError
	if !errors.As(err, &ke) {
		t.Fatalf("err = %T", err)
	}
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), secret) {
			t.Fatalf("an error in the chain holds the secret: %q", e.Error())
		}
	}
	if !strings.Contains(err.Error(), "[secret]") {
		t.Fatalf("message %q", err)
	}

	tooBig := keyringBackend{set: func(string, string, string) error { return keyring.ErrSetDataTooBig }}
	err = newKeyring(time.Minute, tooBig).Set(context.Background(), DefaultProfile, SecretERacuniToken, strings.Repeat("x", 5000))
	if !errors.As(err, &ke) || ke.Kind != KeyringTooBig {
		t.Fatalf("too big: %v", err)
	}
}

func TestKeyringUnavailableOnGet(t *testing.T) {
	backend := keyringBackend{get: func(string, string) (string, error) {
		return "", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}
	}}
	_, err := newKeyring(time.Minute, backend).Get(context.Background(), DefaultProfile, SecretWHMCSSecret)
	if err == nil || err.Error() != noKeyringText || errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get without a keyring: %v", err)
	}
}
