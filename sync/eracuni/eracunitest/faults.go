package eracunitest

import "time"

// FaultKind is a way the double can misbehave on one call.
type FaultKind int

const (
	// HTTP500JSON answers HTTP 500 with an e-računi error body naming a field.
	HTTP500JSON FaultKind = iota + 1
	// HTMLPage answers HTTP 200 with an HTML page, as a login page or a
	// wrong address would.
	HTMLPage
	// ErrorPage answers HTTP 503 with an HTML maintenance page, as a proxy
	// in front of e-računi would.
	ErrorPage
	// Drop closes the connection without answering and without storing.
	Drop
	// DropAfterStore stores the document, then closes the connection
	// without answering: the outcome the client cannot know.
	DropAfterStore
	// Busy answers "Another web request is currently being processed".
	Busy
	// TooManyRequests answers the rate-limit error with HTTP 429.
	TooManyRequests
	// Stall does the work (stores a created document) and then never
	// answers, until the client gives up or the server closes.
	Stall
)

type faultKey struct {
	method string
	call   int
}

// Fault makes the call-th request naming method (counting from 1, every
// request that reaches the double) misbehave; call 0 means every request.
func (s *Server) Fault(method string, call int, kind FaultKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[faultKey{method, call}] = kind
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[faultKey]FaultKind{}
}

// SetLatency delays every following answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Calls counts the requests that named method; "" counts all requests.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == "" {
		n := 0
		for _, c := range s.calls {
			n += c
		}
		return n
	}
	return s.calls[method]
}
