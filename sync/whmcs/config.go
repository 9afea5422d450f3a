package whmcs

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Retry says how reads are retried after network errors and 5xx answers.
// Zero fields take the defaults: 4 attempts, 500ms base delay, 8s cap.
type Retry struct {
	Attempts  int // total attempts, the first one included
	Base, Max time.Duration
}

// Config is what the app knows about one WHMCS installation.
type Config struct {
	URL        string // https://shop.example.com, .../whmcs/ or .../includes/api.php
	Identifier string
	Secret     string
	AccessKey  string // optional; bypasses WHMCS's IP allow-list when set there
	PageSize   int    // GetOrders page size; default 100
	Timeout    time.Duration
	HTTPClient *http.Client
	Retry      Retry
}

const (
	defaultPageSize = 100
	defaultTimeout  = 30 * time.Second
	defaultAttempts = 4
	defaultBase     = 500 * time.Millisecond
	defaultMax      = 8 * time.Second
	// maxBody bounds what one answer may hold; a 100-order page is well under 1 MiB.
	maxBody = 64 << 20
)

// API is a WHMCS API client. It is safe for concurrent use.
//
// Once WHMCS rejects the identifier or secret, the API makes no more calls
// and returns that error from every method: WHMCS bans the IP after three
// failed logins. Build a new API with New after the settings change.
type API struct {
	endpoint   string
	identifier string
	secret     string
	accessKey  string
	pageSize   int
	timeout    time.Duration
	retry      Retry
	http       *http.Client
	authFailed atomic.Pointer[Error]
}

// New checks cfg and returns a client. It makes no network call.
func New(cfg Config) (*API, error) {
	endpoint, err := resolveEndpoint(cfg.URL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.Identifier) == "" {
		return nil, newError(KindConfig, "", msgIdentifierMissing.With())
	}
	if cfg.Secret == "" {
		return nil, newError(KindConfig, "", msgSecretMissing.With())
	}
	a := &API{
		endpoint:   endpoint,
		identifier: strings.TrimSpace(cfg.Identifier),
		secret:     cfg.Secret,
		accessKey:  cfg.AccessKey,
		pageSize:   cfg.PageSize,
		timeout:    cfg.Timeout,
		retry:      cfg.Retry,
	}
	if a.pageSize <= 0 {
		a.pageSize = defaultPageSize
	}
	if a.timeout <= 0 {
		a.timeout = defaultTimeout
	}
	if a.retry.Attempts <= 0 {
		a.retry.Attempts = defaultAttempts
	}
	if a.retry.Base <= 0 {
		a.retry.Base = defaultBase
	}
	if a.retry.Max <= 0 {
		a.retry.Max = defaultMax
	}
	if a.retry.Max < a.retry.Base {
		a.retry.Max = a.retry.Base
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{}
	}
	c := *base
	// A redirect answers a POST with somebody else's page (often a login
	// form); following it would hide that the address is wrong.
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	a.http = &c
	return a, nil
}

// Endpoint is the resolved .../includes/api.php address.
func (a *API) Endpoint() string { return a.endpoint }

const apiPath = "/includes/api.php"

// resolveEndpoint turns any of the address forms people paste into the
// api.php URL, refusing plain http except on this computer.
func resolveEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", newError(KindConfig, "", msgURLMissing.With())
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return "", newError(KindConfig, "", msgURLInvalid.With("url", sanitizeURL(raw)))
	}
	if u.User != nil {
		return "", newError(KindConfig, "", msgURLUserInfo.With("url", sanitizeURL(raw)))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", newError(KindConfig, "", msgHTTPSRequired.With("url", sanitizeURL(raw)))
		}
	default:
		return "", newError(KindConfig, "", msgURLInvalid.With("url", sanitizeURL(raw)))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	p := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(strings.ToLower(p), apiPath):
		p = p[:len(p)-len(apiPath)] + apiPath
	case strings.HasSuffix(strings.ToLower(p), "/includes"):
		p += "/api.php"
	default:
		p += apiPath
	}
	u.Path, u.RawPath = p, ""
	return u.String(), nil
}

// isLoopback accepts 127.0.0.0/8, ::1 and localhost: traffic that never
// leaves the computer, so plain http cannot leak the secret.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sanitizeURL keeps a pasted address readable in an error without the query
// string or user info, where someone might have put a secret.
func sanitizeURL(raw string) string {
	s := strings.TrimSpace(raw)
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		u.User = nil
		u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
		s = u.String()
	} else if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 && strings.Contains(s, "://") {
		s = s[:strings.Index(s, "://")+3] + s[i+1:]
	}
	return clip(s, 200)
}
