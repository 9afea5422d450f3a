package store

import (
	"context"
	"sync"
)

// Memory keeps secrets in a map for tests and the demo. It behaves like the
// keyring: missing secrets give *SecretNotFoundError, deleting a missing one
// is fine. Safe for concurrent use.
type Memory struct {
	mu      sync.Mutex
	secrets map[string]string
	fail    error
}

// NewMemory returns an empty in-memory store of secrets.
func NewMemory() *Memory { return &Memory{secrets: map[string]string{}} }

// FailWith makes every later call return err (nil: work again), to show how
// callers cope with a missing or locked keyring.
func (m *Memory) FailWith(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}

func (m *Memory) Get(ctx context.Context, profile, name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return "", err
	}
	v, ok := m.secrets[keyringUser(profile, name)]
	if !ok {
		return "", &SecretNotFoundError{Profile: profile, Name: name}
	}
	return v, nil
}

func (m *Memory) Set(ctx context.Context, profile, name, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return err
	}
	m.secrets[keyringUser(profile, name)] = value
	return nil
}

func (m *Memory) Delete(ctx context.Context, profile, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return err
	}
	delete(m.secrets, keyringUser(profile, name))
	return nil
}

func (m *Memory) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return m.fail
}
