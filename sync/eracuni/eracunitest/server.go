// Package eracunitest is a faithful stand-in for the e-računi Web Services
// API, for tests and the demo: one JSON endpoint on 127.0.0.1 that checks
// credentials, keeps sales orders and invoices in memory, answers errors in
// e-računi's own format and status codes, enforces the 4-requests-in-4-seconds
// limit, and can be told to misbehave (latency, faults by method and call).
//
// It reads the wire names from package eracuni (fields.go), so a correction
// there changes the client and the double together.
package eracunitest

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Path is where the double answers, as the Slovenian service does.
const Path = "/WebServicesSI/API"

// Account is one e-računi user with the company token it may use.
type Account struct {
	Username, Password, SecretKey, Token string
	// NoSalesOrderRights and NoSalesInvoiceRights take away the user's
	// rights, as an administrator can in the web app.
	NoSalesOrderRights, NoSalesInvoiceRights bool
}

// Config sets the double up. The zero value has no accounts.
type Config struct {
	Accounts []Account
	// Warehouses and CostCentres are the valid codes; empty accepts any.
	Warehouses, CostCentres []string
	// At most Limit requests per account in any Window: 0 means 4 in 4s (the
	// real limit); a negative Limit turns the limit off.
	Limit  int
	Window time.Duration
	// Latency delays every answer.
	Latency time.Duration
	// Now is the clock for document dates and the rate limit.
	Now func() time.Time
}

// Server is the double. It is safe for concurrent use.
type Server struct {
	// URL is the full endpoint, e.g. http://127.0.0.1:41234/WebServicesSI/API.
	URL string

	cfg     Config
	srv     *http.Server
	closing chan struct{}
	once    sync.Once

	mu       sync.Mutex
	latency  time.Duration
	calls    map[string]int
	faults   map[faultKey]FaultKind
	arrivals map[string][]time.Time // per username
	limited  int
	docs     []*Stored
	nextID   int
	seq      map[string]int // per document kind and year
}

// New makes a double without starting it; serve its Handler yourself.
func New(cfg Config) *Server {
	if cfg.Limit == 0 {
		cfg.Limit = 4
	}
	if cfg.Window <= 0 {
		cfg.Window = 4 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Server{
		cfg:      cfg,
		closing:  make(chan struct{}),
		latency:  cfg.Latency,
		calls:    map[string]int{},
		faults:   map[faultKey]FaultKind{},
		arrivals: map[string][]time.Time{},
		nextID:   251861,
		seq:      map[string]int{},
	}
}

// NewServer starts a double on a random 127.0.0.1 port. Close it when done.
func NewServer(cfg Config) *Server {
	s := New(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("eracunitest: cannot listen on 127.0.0.1: " + err.Error())
	}
	s.URL = "http://" + ln.Addr().String() + Path
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s
}

// Close stops the server and releases stalled calls.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		if s.srv != nil {
			s.srv.Close()
		}
	})
}

// Handler answers like e-računi at Path.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// wait pauses d, or less if the server closes.
func (s *Server) wait(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.closing:
		return false
	}
}
