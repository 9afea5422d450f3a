package cli

import (
	"fmt"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs"
)

// session is the data folder, open, with both API clients built from its
// settings and the secrets. Close it when done.
type session struct {
	db       *store.DB
	settings store.Settings
	wh       *whmcs.API
	er       *eracuni.API
}

func (s *session) Close() { s.db.Close() }

// openSession opens the data folder, loads the settings and secrets and
// builds both clients; on a problem it prints the explanation and returns
// nil with the exit code.
func (c *invocation) openSession() (*session, int) {
	db, code := c.openStore()
	if db == nil {
		return nil, code
	}
	fail := func(err error) (*session, int) {
		db.Close()
		fmt.Fprintln(c.env.Stderr, explain(err))
		return nil, ExitConfig
	}
	s, _, err := db.Settings()
	if err != nil {
		return fail(err)
	}
	var secrets store.Secrets
	if c.env.Secrets != nil {
		secrets = c.env.Secrets()
	}
	creds, err := sync.LoadCredentials(c.ctx, secrets, store.DefaultProfile, c.env.Getenv)
	if err != nil {
		return fail(err)
	}
	wh, er, err := sync.Connect(s, creds, c.env.Connect...)
	if err != nil {
		return fail(err)
	}
	return &session{db: db, settings: s, wh: wh, er: er}, ExitOK
}
