package eracunitest

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"whmcs-eracuni/sync/eracuni"
)

// What the double says about itself in error bodies, as the recorded
// answers do ("release", "url").
const (
	release   = "1030.3"
	serverTag = "H7i"
)

// request is a decoded API call.
type request struct {
	username, md5pass, secretKey, token, method string
	params                                      map[string]any
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != Path {
		writeHTML(w, http.StatusNotFound, "404 Not Found", "The requested resource is not available.")
		return
	}
	if r.Method != http.MethodPost {
		writeHTML(w, http.StatusMethodNotAllowed, "405 Method Not Allowed", "Use POST.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return
	}
	req, problem := parseRequest(body)
	fault, admitted, latency := s.arrive(req)

	// Like a real server, the double goes on with a request whose client
	// has given up waiting: a slow answer can still store a document.
	if !s.wait(latency) {
		hangUp(w)
		return
	}
	if s.misbehave(w, r, req.method, fault) {
		return
	}
	if !admitted {
		s.writeTooMany(w, r)
		return
	}
	var result any
	if problem == "" {
		result, problem = s.answer(req)
	}
	switch fault {
	case DropAfterStore:
		hangUp(w)
	case Stall:
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		hangUp(w) // returning would send an empty 200
	default:
		if problem != "" {
			s.writeError(w, http.StatusInternalServerError, req.method, problem)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"response": map[string]any{"status": "ok", "result": result}})
	}
}

// arrive counts the call, picks its fault and applies the rate limit.
func (s *Server) arrive(req request) (fault FaultKind, admitted bool, latency time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[req.method]++
	fault, ok := s.faults[faultKey{req.method, s.calls[req.method]}]
	if !ok {
		fault = s.faults[faultKey{req.method, 0}]
	}
	return fault, s.admit(req.username, s.cfg.Now()), s.latency
}

// misbehave answers with a fault that replaces the whole answer, and
// reports whether it did.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, method string, fault FaultKind) bool {
	switch fault {
	case HTTP500JSON:
		s.writeError(w, http.StatusInternalServerError, method,
			"Error nr: 1 #injected - The test double was told to refuse this call; \r\n")
	case HTMLPage:
		writeHTML(w, http.StatusOK, "e-računi – Prijava", "Please log in to continue.")
	case ErrorPage:
		writeHTML(w, http.StatusServiceUnavailable, "503 Service Unavailable", "The service is temporarily down for maintenance.")
	case Drop:
		hangUp(w)
	case Busy:
		s.writeError(w, http.StatusInternalServerError, method, eracuni.BusyText)
	case TooManyRequests:
		s.writeTooMany(w, r)
	default:
		return false
	}
	return true
}

// answer checks the login and rights, then does the work. Errors come back
// as e-računi's description; the real status for login and rights errors is
// not known, the double uses 500 like every other error.
func (s *Server) answer(req request) (any, string) {
	acc, ok := s.authenticate(req)
	if !ok {
		return nil, eracuni.AuthFailedText
	}
	if !allowed(acc, req.method) {
		return nil, eracuni.PrivilegesText + req.method + "."
	}
	return s.dispatch(acc, req)
}

func (s *Server) dispatch(acc Account, req request) (any, string) {
	switch req.method {
	case eracuni.MethodSalesOrderCreate:
		return s.createSalesOrder(acc, req.params)
	case eracuni.MethodSalesOrderList:
		return s.list(acc, eracuni.MethodSalesOrderList, req.params)
	case eracuni.MethodSalesOrderCreateInvoice:
		return s.createInvoice(acc, req.params)
	case eracuni.MethodSalesInvoiceList:
		return s.list(acc, eracuni.MethodSalesInvoiceList, req.params)
	case eracuni.MethodSalesInvoiceCreate:
		return s.createSalesInvoice(acc, req.params)
	}
	return nil, "Unknown API method: " + req.method
}

// parseRequest decodes the JSON envelope; a problem comes back as the
// description e-računi would give.
func parseRequest(body []byte) (request, string) {
	var top map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return request{}, "Cannot parse API request: " + err.Error()
	}
	str := func(k string) string { s, _ := top[k].(string); return s }
	req := request{
		username:  str(eracuni.KeyUsername),
		md5pass:   str(eracuni.KeyMD5Pass),
		secretKey: str(eracuni.KeySecretKey),
		token:     str(eracuni.KeyToken),
		method:    str(eracuni.KeyMethod),
	}
	req.params, _ = top[eracuni.KeyParameters].(map[string]any)
	if req.method == "" {
		return req, "Cannot parse API request: missing method"
	}
	return req, ""
}

// authenticate accepts md5pass (md5 of upper-case username + password) or
// the secret key, with the company token.
func (s *Server) authenticate(req request) (Account, bool) {
	for _, a := range s.cfg.Accounts {
		if !strings.EqualFold(a.Username, req.username) || a.Token == "" || !strings.EqualFold(a.Token, req.token) {
			continue
		}
		switch {
		case req.md5pass != "" && a.Password != "" && strings.EqualFold(req.md5pass, md5pass(a.Username, a.Password)):
			return a, true
		case req.secretKey != "" && a.SecretKey != "" && req.secretKey == a.SecretKey:
			return a, true
		}
	}
	return Account{}, false
}

// md5pass follows the documented rule on its own rather than calling
// eracuni.MD5Pass, so a mistake in the client cannot hide in the double.
func md5pass(username, password string) string {
	sum := md5.Sum([]byte(strings.ToUpper(username) + password))
	return hex.EncodeToString(sum[:])
}

func allowed(a Account, method string) bool {
	switch method {
	case eracuni.MethodSalesOrderCreate, eracuni.MethodSalesOrderList:
		return !a.NoSalesOrderRights
	case eracuni.MethodSalesOrderCreateInvoice:
		return !a.NoSalesOrderRights && !a.NoSalesInvoiceRights
	case eracuni.MethodSalesInvoiceList, eracuni.MethodSalesInvoiceCreate:
		return !a.NoSalesInvoiceRights
	}
	return true
}

// errorBody is e-računi's error answer, fields in the recorded order.
type errorBody struct {
	Status      string  `json:"status"`
	Release     string  `json:"release"`
	URL         string  `json:"url"`
	ServerTime  string  `json:"serverTime"`
	APIMethod   *string `json:"apiMethod"`
	Description string  `json:"description"`
}

func (s *Server) writeError(w http.ResponseWriter, status int, method, description string) {
	var m *string
	if method != "" {
		m = &method
	}
	writeJSON(w, status, map[string]any{"response": errorBody{
		Status: "error", Release: release, URL: serverTag,
		ServerTime: s.cfg.Now().Format("2006-01-02T15:04:05"), APIMethod: m, Description: description,
	}})
}

// writeTooMany answers as the real limit does: HTTP 429, no API method.
func (s *Server) writeTooMany(w http.ResponseWriter, r *http.Request) {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	s.writeError(w, http.StatusTooManyRequests, "", fmt.Sprintf(eracuni.TooManyRequestsFmt, ip))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func writeHTML(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%s</title><style>body{font-family:sans-serif}</style></head>\n<body><h1>%s</h1><p>%s</p></body></html>\n", title, title, text)
}

// hangUp closes the connection without a word.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("eracunitest: the connection cannot be dropped (no http.Hijacker)")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}
