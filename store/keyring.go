package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"whmcs-eracuni/sync/message"
)

// keyringService is the service name every secret is filed under; the user
// is "<profile>/<name>". `secret-tool search service whmcs-eracuni` lists
// them on Linux.
const keyringService = "whmcs-eracuni"

// DefaultKeyringTimeout is used when NewKeyring is given no timeout.
const DefaultKeyringTimeout = 10 * time.Second

// keyringBackend is go-keyring's API as functions, so a test can put a
// backend that blocks (a locked keyring) or fails in its place.
type keyringBackend struct {
	get func(service, user string) (string, error)
	set func(service, user, password string) error
	del func(service, user string) error
}

var goKeyring = keyringBackend{get: keyring.Get, set: keyring.Set, del: keyring.Delete}

type osKeyring struct {
	timeout time.Duration
	backend keyringBackend
}

// NewKeyring stores secrets in the OS keyring (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows). Each call runs on its own
// goroutine and gives up after timeout (0: DefaultKeyringTimeout) or when ctx
// ends, so a UI never freezes on it.
//
// A locked Linux keyring can block go-keyring forever while it waits for an
// unlock prompt, and a blocked call cannot be interrupted: after a timeout its
// goroutine is abandoned and ends only if the keyring ever answers. That
// leaks one goroutine per timed-out call, which is acceptable because each
// one is also an error the user sees and acts on.
func NewKeyring(timeout time.Duration) Secrets { return newKeyring(timeout, goKeyring) }

func newKeyring(timeout time.Duration, b keyringBackend) *osKeyring {
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	return &osKeyring{timeout: timeout, backend: b}
}

func keyringUser(profile, name string) string {
	if profile == "" {
		profile = DefaultProfile
	}
	return profile + "/" + name
}

func (k *osKeyring) Get(ctx context.Context, profile, name string) (string, error) {
	var value string
	err := k.call(ctx, func() (err error) {
		value, err = k.backend.get(keyringService, keyringUser(profile, name))
		return err
	})
	switch {
	case err == nil:
		return value, nil
	case errors.Is(err, keyring.ErrNotFound):
		return "", &SecretNotFoundError{Profile: profile, Name: name}
	}
	return "", explainKeyringError(err)
}

func (k *osKeyring) Set(ctx context.Context, profile, name, value string) error {
	err := k.call(ctx, func() error {
		return k.backend.set(keyringService, keyringUser(profile, name), value)
	})
	return explainKeyringError(redact(err, value))
}

func (k *osKeyring) Delete(ctx context.Context, profile, name string) error {
	err := k.call(ctx, func() error {
		return k.backend.del(keyringService, keyringUser(profile, name))
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return explainKeyringError(err)
}

// call runs fn on its own goroutine and waits for it, the timeout or ctx,
// whichever comes first. The channel is buffered so an abandoned fn can
// still finish and be collected.
func (k *osKeyring) call(ctx context.Context, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return &KeyringError{Kind: KeyringTimeout, Timeout: k.timeout}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redact removes the secret from an error's text: some platforms' errors
// echo the command that failed, and an error must never carry a secret.
func redact(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return redactedError{text: strings.ReplaceAll(err.Error(), secret, "[secret]"), sentinel: sentinelOf(err)}
}

type redactedError struct {
	text     string
	sentinel error // keeps errors.Is working for go-keyring's sentinels
}

func (r redactedError) Error() string { return r.text }
func (r redactedError) Unwrap() error { return r.sentinel }

func sentinelOf(err error) error {
	for _, s := range []error{keyring.ErrNotFound, keyring.ErrSetDataTooBig, keyring.ErrUnsupportedPlatform} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// KeyringErrorKind says what went wrong with the OS keyring.
type KeyringErrorKind int

const (
	KeyringFailed      KeyringErrorKind = iota // anything not recognised below
	KeyringUnavailable                         // no keyring service (no Secret Service, no D-Bus)
	KeyringLocked                              // locked, and unlocking failed or was refused
	KeyringTimeout                             // no answer in time (often: waiting on an unlock prompt)
	KeyringTooBig                              // the value exceeds the platform's limit
)

var (
	msgKeyringUnavailable = message.Define("keyring.unavailable",
		"No system keyring is available. On Linux, install and unlock GNOME Keyring or KeePassXC (Secret Service); on Windows and macOS the system keyring is used.")
	msgKeyringLocked = message.Define("keyring.locked",
		"The system keyring is locked and could not be unlocked. Unlock it (on Linux the \"Login\" keyring, on macOS the login keychain) and try again.")
	msgKeyringTimeout = message.Define("keyring.timeout",
		"The system keyring did not answer within {{.seconds}} seconds; it may be locked and waiting for a password prompt. Unlock it and try again.")
	msgKeyringTooBig = message.Define("keyring.too_big",
		"This value is too long for the system keyring (Windows allows 2560 bytes, macOS about 3000). Check that only the key itself was pasted.")
	msgKeyringFailed = message.Define("keyring.failed",
		"The system keyring could not be used: {{.err}}. Check that it is running and unlocked, then try again.")
)

// KeyringError is a keyring failure explained for people. It never holds a
// secret value.
type KeyringError struct {
	Kind    KeyringErrorKind
	Timeout time.Duration // for KeyringTimeout
	Err     error         // what go-keyring said, when it said something
}

func (e *KeyringError) Explain() message.Message {
	switch e.Kind {
	case KeyringUnavailable:
		return msgKeyringUnavailable.With()
	case KeyringLocked:
		return msgKeyringLocked.With()
	case KeyringTimeout:
		return msgKeyringTimeout.With("seconds", strconv.FormatFloat(e.Timeout.Seconds(), 'f', -1, 64))
	case KeyringTooBig:
		return msgKeyringTooBig.With()
	}
	detail := "unknown error"
	if e.Err != nil {
		detail = e.Err.Error()
	}
	return msgKeyringFailed.With("err", detail)
}
func (e *KeyringError) Error() string { return e.Explain().String() }
func (e *KeyringError) Unwrap() error { return e.Err }
