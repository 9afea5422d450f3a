package store

import (
	"context"
	"errors"
	"os/exec"
	"strings"

	"github.com/zalando/go-keyring"
)

// go-keyring passes the platform's errors through as plain text, so they are
// recognised by their wording. The Linux texts were seen on Debian 12 with
// go-keyring v0.2.8 (fyne-stack.md §2.3). The macOS and godbus texts marked
// GUESS were not seen on a real machine: they come from the source of
// godbus/dbus v5 and from Apple's `security` tool's usual output.
var (
	unavailableTexts = []string{
		`executable file not found`,                 // no session bus and no dbus-launch (seen)
		`org.freedesktop.secrets was not provided`,  // bus up, no Secret Service provider (seen)
		`org.freedesktop.DBus.Error.ServiceUnknown`, // same, by error name (GUESS)
		`couldn't determine address of session bus`, // godbus, no bus address (GUESS, from source)
		`Cannot autolaunch D-Bus`,                   // dbus-launch without $DISPLAY (GUESS)
		`dbus: invalid bus address`,                 // godbus, bad DBUS_SESSION_BUS_ADDRESS (GUESS, from source)
	}
	lockedTexts = []string{
		`failed to unlock correct collection`, // unlock refused or impossible (seen, both collection paths)
		`User interaction is not allowed`,     // macOS keychain locked, no UI (GUESS)
		`user canceled the operation`,         // macOS unlock prompt dismissed (GUESS)
	}
)

// explainKeyringError turns what go-keyring returned into a *KeyringError a
// person can act on. Errors already explained (a timeout) and context errors
// pass through. keyring.ErrNotFound is the caller's to handle before this.
func explainKeyringError(err error) error {
	if err == nil {
		return nil
	}
	var ke *KeyringError
	if errors.As(err, &ke) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return &KeyringError{Kind: KeyringTooBig, Err: err}
	}
	var execErr *exec.Error
	if errors.As(err, &execErr) || errors.Is(err, keyring.ErrUnsupportedPlatform) || containsAny(err.Error(), unavailableTexts) {
		return &KeyringError{Kind: KeyringUnavailable, Err: err}
	}
	if containsAny(err.Error(), lockedTexts) {
		return &KeyringError{Kind: KeyringLocked, Err: err}
	}
	return &KeyringError{Kind: KeyringFailed, Err: err}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
