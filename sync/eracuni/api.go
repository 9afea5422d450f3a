// Package eracuni is the client of the e-računi Web Services API: one JSON
// endpoint, the method name in the body. It creates sales orders and the
// invoices made from them, lists both by date so the sync can find what
// already exists, paces every call under the account's rate limit and never
// repeats a create whose outcome it cannot know.
//
// Field names the public documentation does not confirm live in fields.go.
package eracuni

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// DefaultEndpoint is the Slovenian web-services endpoint. Other countries,
// brands and some tenants use other hosts and paths.
const DefaultEndpoint = "https://e-racuni.com/WebServicesSI/API"

// Config holds what New needs. Password and SecretKey are alternatives: set
// exactly one.
type Config struct {
	Endpoint  string // "" means DefaultEndpoint; https:// except on loopback
	Username  string
	Password  string // sent only as md5pass
	SecretKey string
	Token     string        // the company's API token
	Timeout   time.Duration // per HTTP request (each retry gets its own); 0 means 60s
	// HTTPClient is used as given; nil means a client of our own.
	HTTPClient *http.Client
	// Limiter paces all calls of one account; share it among API values for
	// the same account. nil means NewLimiter().
	Limiter *rate.Limiter
	Retry   Retry
}

// String shows the configuration without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("eracuni.Config{Endpoint: %q, Username: %q, Password: %s, SecretKey: %s, Token: %s}",
		c.Endpoint, c.Username, setOrEmpty(c.Password), setOrEmpty(c.SecretKey), setOrEmpty(c.Token))
}

// GoString keeps %#v from printing the secrets.
func (c Config) GoString() string { return c.String() }

func setOrEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return "(set)"
}

// API is a configured e-računi client. It is safe for concurrent use.
type API struct {
	endpoint string // full URL requests go to
	shown    string // scheme://host/path, for messages
	host     string
	username string
	md5pass  string
	secret   string
	token    string
	timeout  time.Duration
	http     *http.Client
	limiter  *rate.Limiter
	retry    Retry
	red      redactor
	now      func() time.Time
}

// New checks the configuration and returns a client. It does not call
// e-računi; Ping does.
func New(cfg Config) (*API, error) {
	endpoint := strings.TrimSpace(cfg.Endpoint)
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, configError(msgEndpointInvalid.With("endpoint", oneLine(truncate(stripURL(endpoint), 200))))
	}
	shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, configError(msgEndpointHTTPS.With("endpoint", shown))
	}
	username := strings.TrimSpace(cfg.Username)
	switch {
	case username == "":
		return nil, configError(msgUsernameMissing.With())
	case cfg.Password == "" && cfg.SecretKey == "":
		return nil, configError(msgCredentialMissing.With())
	case cfg.Password != "" && cfg.SecretKey != "":
		return nil, configError(msgCredentialBoth.With())
	case strings.TrimSpace(cfg.Token) == "":
		return nil, configError(msgTokenMissing.With())
	}
	a := &API{
		endpoint: u.String(),
		shown:    shown,
		host:     u.Host,
		username: username,
		secret:   cfg.SecretKey,
		token:    strings.TrimSpace(cfg.Token),
		timeout:  cfg.Timeout,
		http:     cfg.HTTPClient,
		limiter:  cfg.Limiter,
		retry:    cfg.Retry.withDefaults(),
		now:      time.Now,
	}
	if cfg.Password != "" {
		a.md5pass = MD5Pass(username, cfg.Password)
	}
	if a.timeout <= 0 {
		a.timeout = 60 * time.Second
	}
	if a.http == nil {
		a.http = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if a.limiter == nil {
		a.limiter = NewLimiter()
	}
	a.red = newRedactor(cfg.Password, a.md5pass, a.secret, a.token, u.User.String())
	return a, nil
}

// String names the client without its secrets.
func (a *API) String() string {
	return fmt.Sprintf("eracuni.API{%s as %q}", a.shown, a.username)
}

// GoString keeps %#v from printing the secrets.
func (a *API) GoString() string { return a.String() }

// MD5Pass is the md5pass credential: the MD5 hex digest of the username in
// upper case followed by the password exactly as typed.
func MD5Pass(username, password string) string {
	sum := md5.Sum([]byte(strings.ToUpper(username) + password))
	return hex.EncodeToString(sum[:])
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// stripURL drops user info and query from a text that failed to parse as a
// URL, in case it carries a secret.
func stripURL(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		if j := strings.Index(s, "//"); j >= 0 && j < i {
			s = s[:j+2] + s[i+1:]
		}
	}
	return s
}
