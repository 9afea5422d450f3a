package cli

import (
	"fmt"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs"
)

// connect loads the settings and secrets and builds both clients; on a
// problem it prints the explanation and returns the exit code.
func (c *invocation) connect(db *store.DB) (store.Settings, *whmcs.API, *eracuni.API, int) {
	s, _, err := db.Settings()
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return s, nil, nil, ExitConfig
	}
	var secrets store.Secrets
	if c.env.Secrets != nil {
		secrets = c.env.Secrets()
	}
	creds, err := sync.LoadCredentials(c.ctx, secrets, store.DefaultProfile, c.env.Getenv)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return s, nil, nil, ExitConfig
	}
	wh, er, err := sync.Connect(s, creds, c.env.Connect...)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return s, nil, nil, ExitConfig
	}
	return s, wh, er, ExitOK
}
