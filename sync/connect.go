package sync

import (
	"context"
	"errors"

	"golang.org/x/time/rate"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// Credentials are the secrets both connections need. They are read from
// the keyring (or the environment) for one process and never written
// anywhere else; String never shows them.
type Credentials struct {
	WHMCSSecret, WHMCSAccessKey                     string
	ERacuniPassword, ERacuniSecretKey, ERacuniToken string
}

func (Credentials) String() string   { return "Credentials{…}" }
func (Credentials) GoString() string { return "Credentials{…}" }

// SecretEnv maps each secret to the environment variable that overrides it
// for one process (servers, cron, CI); the variables are never stored.
var SecretEnv = []struct{ Name, Env string }{
	{store.SecretWHMCSSecret, "WHMCS_API_SECRET"},
	{store.SecretWHMCSAccessKey, "WHMCS_ACCESS_KEY"},
	{store.SecretERacuniPassword, "ERACUNI_PASSWORD"},
	{store.SecretERacuniSecretKey, "ERACUNI_SECRET_KEY"},
	{store.SecretERacuniToken, "ERACUNI_TOKEN"},
}

// LoadCredentials reads the secrets of a profile; a set environment
// variable wins over the keyring, and then the keyring is not asked.
func LoadCredentials(ctx context.Context, secrets store.Secrets, profile string, getenv func(string) string) (Credentials, error) {
	var c Credentials
	dst := map[string]*string{
		store.SecretWHMCSSecret: &c.WHMCSSecret, store.SecretWHMCSAccessKey: &c.WHMCSAccessKey,
		store.SecretERacuniPassword: &c.ERacuniPassword, store.SecretERacuniSecretKey: &c.ERacuniSecretKey,
		store.SecretERacuniToken: &c.ERacuniToken,
	}
	for _, se := range SecretEnv {
		if getenv != nil {
			if v := getenv(se.Env); v != "" {
				*dst[se.Name] = v
				continue
			}
		}
		if secrets == nil {
			continue
		}
		v, err := secrets.Get(ctx, profile, se.Name)
		if errors.Is(err, store.ErrSecretNotFound) {
			continue
		}
		if err != nil {
			return Credentials{}, err
		}
		*dst[se.Name] = v
	}
	return c, nil
}

var (
	msgNoWHMCS = message.Define("sync.setup.whmcs_missing",
		"WHMCS is not set up yet: enter its URL, API identifier and secret in the setup (or run 'whmcs-eracuni configure').")
	msgNoERacuni = message.Define("sync.setup.eracuni_missing",
		"e-računi is not set up yet: enter the username, password (or secret key) and API token in the setup (or run 'whmcs-eracuni configure').")
)

type setupMissing struct{ msg message.Message }

func (e setupMissing) Error() string            { return e.msg.String() }
func (e setupMissing) Explain() message.Message { return e.msg }

// ConnectOption adjusts how Connect builds the clients.
type ConnectOption func(*eracuni.Config)

// WithERacuniLimiter paces e-računi calls with l instead of the real limit;
// the built-in demo uses it so its first sync takes seconds, not minutes.
func WithERacuniLimiter(l *rate.Limiter) ConnectOption {
	return func(c *eracuni.Config) { c.Limiter = l }
}

// Connect builds both API clients from the settings and credentials.
func Connect(s store.Settings, c Credentials, opts ...ConnectOption) (*whmcs.API, *eracuni.API, error) {
	if s.WHMCSURL == "" || s.WHMCSIdentifier == "" || c.WHMCSSecret == "" {
		return nil, nil, &SetupError{Err: setupMissing{msgNoWHMCS.With()}}
	}
	if s.ERacuniUsername == "" || c.ERacuniToken == "" || (c.ERacuniPassword == "" && c.ERacuniSecretKey == "") {
		return nil, nil, &SetupError{Err: setupMissing{msgNoERacuni.With()}}
	}
	wh, err := whmcs.New(whmcs.Config{URL: s.WHMCSURL, Identifier: s.WHMCSIdentifier,
		Secret: c.WHMCSSecret, AccessKey: c.WHMCSAccessKey})
	if err != nil {
		return nil, nil, &SetupError{Err: err}
	}
	ec := eracuni.Config{Endpoint: s.ERacuniEndpoint, Username: s.ERacuniUsername, Token: c.ERacuniToken}
	if s.ERacuniUseSecretKey {
		ec.SecretKey = c.ERacuniSecretKey
	} else {
		ec.Password = c.ERacuniPassword
	}
	if ec.Endpoint == "" {
		ec.Endpoint = eracuni.DefaultEndpoint
	}
	for _, o := range opts {
		o(&ec)
	}
	er, err := eracuni.New(ec)
	if err != nil {
		return nil, nil, &SetupError{Err: err}
	}
	return wh, er, nil
}

// CheckReport is the outcome of testing both connections.
type CheckReport struct {
	WHMCS   []whmcs.Check
	ERacuni error
}

// OK is true when every required WHMCS permission and e-računi work.
func (r CheckReport) OK() bool {
	for _, c := range r.WHMCS {
		if c.Required && !c.Allowed {
			return false
		}
	}
	return len(r.WHMCS) > 0 && r.ERacuni == nil
}

// Check tests both connections and the WHMCS API permissions that
// importing orders needs.
func Check(ctx context.Context, wh *whmcs.API, er *eracuni.API) CheckReport {
	return CheckReport{WHMCS: wh.CheckAccess(ctx), ERacuni: er.Ping(ctx)}
}

// CheckFor is Check for the settings in use: with the invoice import on,
// WHMCS must allow GetInvoices and GetInvoice too, and — when invoices
// become sales invoices — the e-računi user must be able to read sales
// invoices. With it off it is exactly Check.
func CheckFor(ctx context.Context, s store.Settings, wh *whmcs.API, er *eracuni.API) CheckReport {
	if !s.Invoices.Enabled {
		return Check(ctx, wh, er)
	}
	r := CheckReport{WHMCS: wh.CheckAccessFor(ctx, true), ERacuni: er.Ping(ctx)}
	if r.ERacuni == nil && !s.Invoices.AsSalesOrders {
		r.ERacuni = er.PingSalesInvoices(ctx)
	}
	return r
}
