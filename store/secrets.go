package store

import (
	"context"
	"errors"

	"whmcs-eracuni/sync/message"
)

// Secrets holds the credentials, per profile, outside the data file: in the
// OS keyring (NewKeyring), or in memory for tests and the demo (NewMemory).
// Implementations never put a secret value in an error.
type Secrets interface {
	// Get returns the secret; *SecretNotFoundError (errors.Is
	// ErrSecretNotFound) when it is not stored.
	Get(ctx context.Context, profile, name string) (string, error)
	// Set stores or replaces the secret.
	Set(ctx context.Context, profile, name, value string) error
	// Delete removes the secret; a missing secret is not an error.
	Delete(ctx context.Context, profile, name string) error
}

// DefaultProfile is the profile every installation has; more profiles (more
// WHMCS or e-računi accounts) may come later.
const DefaultProfile = "default"

// Names of the stored secrets.
const (
	SecretWHMCSSecret      = "whmcs-api-secret"
	SecretWHMCSAccessKey   = "whmcs-access-key"
	SecretERacuniPassword  = "eracuni-password"
	SecretERacuniSecretKey = "eracuni-secret-key"
	SecretERacuniToken     = "eracuni-token"
)

// AllSecrets lists every secret name, for ForgetAll.
var AllSecrets = []string{
	SecretWHMCSSecret,
	SecretWHMCSAccessKey,
	SecretERacuniPassword,
	SecretERacuniSecretKey,
	SecretERacuniToken,
}

// secretLabels name the secrets in English text for people.
var secretLabels = map[string]string{
	SecretWHMCSSecret:      "WHMCS API secret",
	SecretWHMCSAccessKey:   "WHMCS API access key",
	SecretERacuniPassword:  "e-računi password",
	SecretERacuniSecretKey: "e-računi secret key",
	SecretERacuniToken:     "e-računi API token",
}

func secretLabel(name string) string {
	if l, ok := secretLabels[name]; ok {
		return l
	}
	return name
}

var msgSecretNotFound = message.Define("store.secret_not_found",
	"The {{.label}} is not saved in the system keyring. Enter it again in the settings (or with `whmcs-eracuni configure`).")

// ErrSecretNotFound matches a *SecretNotFoundError with errors.Is.
var ErrSecretNotFound = errors.New("store: secret not found")

// SecretNotFoundError: the secret was never saved, or was removed.
type SecretNotFoundError struct{ Profile, Name string }

func (e *SecretNotFoundError) Explain() message.Message {
	return msgSecretNotFound.With("label", secretLabel(e.Name), "name", e.Name, "profile", e.Profile)
}
func (e *SecretNotFoundError) Error() string        { return e.Explain().String() }
func (e *SecretNotFoundError) Is(target error) bool { return target == ErrSecretNotFound }

// ForgetAll deletes every known secret of profile. It stops at the first
// error: when the keyring is locked or missing, each further call would only
// wait out the same timeout.
func ForgetAll(ctx context.Context, s Secrets, profile string) error {
	for _, name := range AllSecrets {
		if err := s.Delete(ctx, profile, name); err != nil {
			return err
		}
	}
	return nil
}
