package ui

import (
	"context"
	"errors"

	"whmcs-eracuni/store"
)

// getSecret reads one secret from the keyring; call it off the UI goroutine.
func (g *gui) getSecret(ctx context.Context, name string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, secretTimeout)
	defer cancel()
	return g.secrets.Get(ctx, store.DefaultProfile, name)
}

// probeSaved finds out which secrets the keyring already holds, so empty
// entries can say "saved" and keep them.
func (g *gui) probeSaved(done func(saved map[string]bool)) {
	saved := map[string]bool{}
	g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), secretTimeout)
		defer cancel()
		for _, name := range store.AllSecrets {
			if _, err := g.secrets.Get(ctx, store.DefaultProfile, name); err == nil {
				saved[name] = true
			} else if !errors.Is(err, store.ErrSecretNotFound) {
				return // a locked or missing keyring: say nothing is saved
			}
		}
	}, func() { done(saved) })
}
