package whmcstest

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// FaultKind is something that goes wrong between the client and WHMCS, or
// inside WHMCS, injected by Server.Fault.
type FaultKind int

const (
	HTTP500       FaultKind = iota + 1 // Apache's "500 Internal Server Error" page
	HTMLPage                           // 403 Cloudflare "Sorry, you have been blocked" page
	Drop                               // the connection is closed without an answer
	MalformedUTF8                      // 200 with WHMCS's json_encode failure body
	Stall                              // no answer until the client gives up or the server closes
	TruncatedJSON                      // the real answer cut in half
	LoginRedirect                      // 302 to the WHMCS login page
	NotFoundPage                       // Apache's 404 page
)

type fault struct {
	action string
	call   int
	kind   FaultKind
}

type reply struct {
	action string
	call   int
	status int
	body   string
}

// Server serves a Shop over HTTP at <base path>/includes/api.php and holds
// the test knobs. All methods are safe for concurrent use.
type Server struct {
	// URL is the base URL once started, e.g. http://127.0.0.1:41234 (plus
	// the base path, if set before Start).
	URL string

	// Latency delays every API call. Set it before the first call, or use
	// SetLatency while calls may be running.
	Latency time.Duration

	// BeforeCall, if set, runs before each API call is answered, with the
	// action (GetOrders, … as documented, else as sent) and its 1-based call
	// number. It runs without locks, so it may change the Shop, e.g. insert
	// orders between two pages. Set it before the first call, or use
	// SetBeforeCall while calls may be running.
	BeforeCall func(action string, call int)

	shop      *Shop
	mu        sync.Mutex
	faults    []fault
	replies   []reply
	calls     map[string]int
	forms     map[string][]url.Values
	basePath  string
	hs        *http.Server
	closed    chan struct{}
	closeOnce sync.Once
}

// New returns a server for shop that is not listening: use Handler, or
// Start. A nil shop is a NewShop().
func New(shop *Shop) *Server {
	if shop == nil {
		shop = NewShop()
	}
	return &Server{shop: shop, calls: map[string]int{}, forms: map[string][]url.Values{}, closed: make(chan struct{})}
}

// NewServer starts a server for shop on 127.0.0.1 at a random port, like
// httptest.NewServer. Close it when done.
func NewServer(shop *Shop) *Server {
	s := New(shop)
	s.Start()
	return s
}

// Start listens on 127.0.0.1 at a random port.
func (s *Server) Start() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("whmcstest: cannot listen on 127.0.0.1: %v", err))
	}
	s.mu.Lock()
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.URL = "http://" + ln.Addr().String() + s.basePath
	hs := s.hs
	s.mu.Unlock()
	go func() { _ = hs.Serve(ln) }()
}

// Close stops the server; stalled answers end at once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.mu.Lock()
		hs := s.hs
		s.mu.Unlock()
		if hs != nil {
			_ = hs.Close()
		}
	})
}

// Shop is the data this server serves.
func (s *Server) Shop() *Shop { return s.shop }

// Handler is the server as an http.Handler.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// SetBasePath installs WHMCS in a folder, e.g. "/whmcs": the API is then at
// /whmcs/includes/api.php and every other path is a 404 page. Call it
// before Start for URL to include it.
func (s *Server) SetBasePath(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.basePath = "/" + strings.Trim(p, "/")
	if s.basePath == "/" {
		s.basePath = ""
	}
}

// SetLatency sets Latency safely while calls may be running.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Latency = d
}

// Fault makes the call-th call (1-based) of action fail with f; call 0
// means every call. Action names are case-insensitive.
func (s *Server) Fault(action string, call int, f FaultKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{normalizeAction(action), call, f})
}

// ClearFaults removes all faults and canned replies.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.replies = nil, nil
}

// Reply answers the call-th call of action (0 = every call) with a canned
// status and body, before any access check: for shapes of real WHMCS
// versions the Shop does not produce.
func (s *Server) Reply(action string, call, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = append(s.replies, reply{normalizeAction(action), call, status, body})
}

// SetBeforeCall sets BeforeCall safely while calls may be running.
func (s *Server) SetBeforeCall(fn func(action string, call int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.BeforeCall = fn
}

// Calls counts the calls of action (case-insensitive) so far.
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[normalizeAction(action)]
}

// TotalCalls counts all API calls so far.
func (s *Server) TotalCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

// Forms returns the form of every call of action so far, as received
// (secrets included: this is a test tool).
func (s *Server) Forms(action string) []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]url.Values, 0, len(s.forms[normalizeAction(action)]))
	for _, f := range s.forms[normalizeAction(action)] {
		out = append(out, cloneValues(f))
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	c := make(url.Values, len(v))
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	base := s.basePath
	s.mu.Unlock()
	if r.URL.Path != base+"/includes/api.php" {
		writePage(w, http.StatusNotFound, notFoundPage)
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		writePage(w, http.StatusMethodNotAllowed, notAllowedPage)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, badRequestPage)
		return
	}
	action := normalizeAction(r.Form.Get("action"))
	name := knownActions[action]
	if name == "" {
		name = r.Form.Get("action")
	}

	s.mu.Lock()
	s.calls[action]++
	n := s.calls[action]
	s.forms[action] = append(s.forms[action], cloneValues(r.Form))
	var f FaultKind
	for _, x := range s.faults {
		if x.action == action && (x.call == 0 || x.call == n) {
			f = x.kind
			break
		}
	}
	var rep *reply
	for i := range s.replies {
		if x := s.replies[i]; x.action == action && (x.call == 0 || x.call == n) {
			rep = &x
			break
		}
	}
	latency, hook := s.Latency, s.BeforeCall
	s.mu.Unlock()

	if hook != nil {
		hook(name, n)
	}
	if latency > 0 && !s.wait(r, latency) {
		return
	}
	switch f {
	case HTTP500:
		writePage(w, http.StatusInternalServerError, internalErrorPage)
		return
	case HTMLPage:
		writePage(w, http.StatusForbidden, cloudflarePage)
		return
	case NotFoundPage:
		writePage(w, http.StatusNotFound, notFoundPage)
		return
	case LoginRedirect:
		w.Header().Set("Location", base+"/index.php?rp=/login")
		writePage(w, http.StatusFound, redirectPage)
		return
	case Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	case Stall:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return
	}
	if rep != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.body))
		return
	}
	status, body, ctype := s.shop.serve(r.Form, clientIP(r))
	switch f {
	case MalformedUTF8:
		status, body, ctype = jsonAnswer(200, errorBody(malformedUTF8Message))
	case TruncatedJSON:
		body = body[:len(body)/2]
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// wait sleeps d unless the client leaves or the server closes first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func writePage(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

const cloudflarePage = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html lang="en-US">
<head>
<title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" />
<style>body{margin:0;padding:0;font-family:-apple-system,system-ui,sans-serif}</style>
<script>(function(){window._cf_chl_opt={cType:'managed',cRay:'7f1e2d3c4b5a6978'};})();</script>
</head>
<body>
<div id="cf-wrapper">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> shop.example.com</h2>
<p data-translate="blocked_why_detail">This website is using a security service to protect itself from online attacks.</p>
<span>Cloudflare Ray ID: <strong class="font-semibold">7f1e2d3c4b5a6978</strong></span>
</div>
</body>
</html>
`

const internalErrorPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>500 Internal Server Error</title>
</head><body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or
misconfiguration and was unable to complete
your request.</p>
</body></html>
`

const notFoundPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`

const notAllowedPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>405 Method Not Allowed</title></head><body><h1>Method Not Allowed</h1></body></html>
`

const badRequestPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>
`

const redirectPage = `<!DOCTYPE html><html><head><title>Redirecting…</title></head><body>Redirecting to the login page…</body></html>
`
