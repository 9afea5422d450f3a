package eracuni

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// callInfo is what decoding needs to word an error for one call.
type callInfo struct {
	method   string
	username string
	endpoint string // shown to people: scheme, host and path only
	create   bool
	red      redactor
}

// envelope is e-računi's JSON answer: {"response":{"status":"ok","result":...}}
// or {"response":{"status":"error","description":"...",...}}.
type envelope struct {
	Response *struct {
		Status      string          `json:"status"`
		Result      json.RawMessage `json:"result"`
		Description json.RawMessage `json:"description"`
	} `json:"response"`
}

// decodeResponse reads an answer whatever its HTTP status: e-računi sends
// its JSON error body with 200 as well as 500, and answers 429 when rate
// limited. It returns the result, or an *Error that is safe to show.
func decodeResponse(c callInfo, status int, body []byte) (json.RawMessage, *Error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Response == nil {
		return nil, unusableAnswer(c, status, body)
	}
	switch strings.ToLower(strings.TrimSpace(env.Response.Status)) {
	case "ok":
		if len(env.Response.Result) == 0 {
			return json.RawMessage("null"), nil
		}
		return env.Response.Result, nil
	case "error":
		return nil, errorAnswer(c, status, jsonText(env.Response.Description))
	}
	return nil, unusableAnswer(c, status, body)
}

// unusableAnswer words an answer that is not e-računi's JSON.
func unusableAnswer(c callInfo, status int, body []byte) *Error {
	excerpt := c.red.excerpt(body)
	e := &Error{Method: c.method, Status: status}
	trimmed := bytes.TrimSpace(body)
	looksJSON := len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
	switch {
	case status == 429:
		// A proxy may say it without e-računi's body; either way nothing was done.
		e.Kind = KindRateLimited
		e.msg = msgRateLimited.With("action", action(c.method), "method", c.method, "attempts", "1")
	case c.create && (status >= 500 || status < 300 && looksJSON):
		// A gateway error or a garbled answer to a create: e-računi may have
		// stored the document before the answer was lost.
		e.Kind = KindOutcomeUnknown
		e.msg = msgOutcomeUnknown.With("action", action(c.method), "method", c.method,
			"cause", "HTTP "+strconv.Itoa(status)+": "+excerpt)
	case status >= 500:
		e.Kind = KindServer
		e.msg = msgServer.With("action", action(c.method), "method", c.method, "status", strconv.Itoa(status), "excerpt", excerpt)
	default:
		e.Kind = KindNotERacuni
		e.msg = msgNotERacuni.With("endpoint", c.endpoint, "status", strconv.Itoa(status), "excerpt", excerpt)
	}
	return e
}

// errorAnswer classifies a {"status":"error"} answer by its description.
func errorAnswer(c callInfo, status int, description string) *Error {
	desc, fields := parseDescription(c.red.clean(description))
	e := &Error{Method: c.method, Status: status, Description: desc}
	lower := strings.ToLower(desc)
	switch {
	case status == 429 || containsAny(lower, RateLimitedMarkers):
		e.Kind = KindRateLimited
		e.msg = msgRateLimited.With("action", action(c.method), "method", c.method, "attempts", "1")
	case containsAny(lower, BusyMarkers):
		e.Kind = KindBusy
		e.msg = msgBusy.With("action", action(c.method), "method", c.method, "attempts", "1")
	case containsAny(lower, PrivilegesMarkers) || (status == 403 && len(fields) == 0):
		e.Kind = KindPrivileges
		e.msg = msgPrivileges.With("username", c.username, "action", privilegeAction(c.method), "method", c.method)
	case containsAny(lower, AuthMarkers) || (status == 401 && len(fields) == 0):
		e.Kind = KindAuth
		e.msg = msgAuth.With("username", c.username)
	default:
		e.Kind = KindValidation
		e.Fields = fields
		text := e.FieldsText()
		if text == "" {
			text = "no reason given"
		}
		e.msg = msgValidation.With("what", rejectedWhat(c.method), "method", c.method, "fields", text)
	}
	return e
}

func containsAny(lower string, markers []string) bool {
	for _, m := range markers {
		if strings.Contains(lower, strings.ToLower(m)) {
			return true
		}
	}
	return false
}

// jsonText gives a JSON value as text: a string as itself, anything else as
// its JSON, null and absence as "".
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

var (
	errorNrRe  = regexp.MustCompile(`(?i)error\s+nr\s*:\s*\d*\s*`)
	fieldRe    = regexp.MustCompile(`^#([^\s#]+)\s*-\s*(.*)$`)
	readOnlyRe = regexp.MustCompile(`(?i)read-only property #(\w+) for data type #(\w+)`)
	// A stamp like "H2c@2024-04-15T05:10:34:" starts some descriptions; it
	// means nothing to people.
	stampRe = regexp.MustCompile(`^\w+@\d{4}-\d\d-\d\dT[\d:.]+:\s*`)
)

// Descriptions are cut before parsing so a pathological answer cannot make
// a message of unbounded length; the stored description is cut shorter.
const (
	maxParsed      = 4000
	maxDescription = 1000
)

// parseDescription cleans e-računi's description and splits
// "Error nr: 1 #field - message; \r\nError nr: 2 ..." into field errors.
func parseDescription(d string) (string, []FieldError) {
	d = truncate(oneLine(d), maxParsed)
	d = stampRe.ReplaceAllString(d, "")
	d = strings.TrimRight(d, "; ")
	var fields []FieldError
	if errorNrRe.MatchString(d) {
		for _, part := range errorNrRe.Split(d, -1) {
			part = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part), ";"))
			if part == "" {
				continue
			}
			if m := fieldRe.FindStringSubmatch(part); m != nil {
				fields = append(fields, FieldError{Field: m[1], Message: strings.TrimSpace(m[2])})
			} else {
				fields = append(fields, FieldError{Message: part})
			}
		}
	} else if m := readOnlyRe.FindStringSubmatch(d); m != nil {
		fields = []FieldError{{Field: m[2] + "." + m[1], Message: "read-only property, must not be sent"}}
	} else if m := fieldRe.FindStringSubmatch(d); m != nil {
		fields = []FieldError{{Field: m[1], Message: strings.TrimSpace(m[2])}}
	}
	return truncate(d, maxDescription), fields
}

// oneLine makes text printable on one line: valid UTF-8, no control
// characters, single spaces.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

var (
	tagRe    = regexp.MustCompile(`(?s)<[^>]*>`)
	scriptRe = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)\s*>`)
	titleRe  = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title\s*>`)
)

const maxExcerpt = 120

// excerpt gives a short, readable, secret-free glimpse of an answer that is
// not e-računi JSON, so a person can tell a login page from a proxy error.
func (r redactor) excerpt(body []byte) string {
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	// Secrets are removed before markup goes (a secret written out whole)
	// and again after entities are decoded (one spelled with entities).
	s := r.clean(string(body))
	if m := titleRe.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
		s = m[1]
	} else {
		s = scriptRe.ReplaceAllString(s, " ")
		s = tagRe.ReplaceAllString(s, " ")
	}
	s = r.clean(oneLine(html.UnescapeString(s)))
	if s == "" {
		return "empty answer"
	}
	return truncate(s, maxExcerpt)
}

// redactor removes secrets from text taken from answers and transport
// errors before it reaches a message: a misbehaving server or proxy could
// echo the request.
type redactor struct{ re *regexp.Regexp }

// Secrets shorter than this are not redacted: replacing every "ab" would
// garble messages, and a secret that short is not protected by hiding it.
const minRedacted = 4

func newRedactor(secrets ...string) redactor {
	var alts []string
	for _, s := range secrets {
		if utf8.RuneCountInString(s) >= minRedacted {
			alts = append(alts, regexp.QuoteMeta(s))
		}
	}
	if len(alts) == 0 {
		return redactor{}
	}
	return redactor{re: regexp.MustCompile("(?i)" + strings.Join(alts, "|"))}
}

// clean removes secrets and ends with one line of printable text. It must
// run after every step that could join text, and before any truncation.
func (r redactor) clean(s string) string {
	s = oneLine(s)
	if r.re == nil {
		return s
	}
	for i := 0; i < 3 && r.re.MatchString(s); i++ {
		s = r.re.ReplaceAllString(s, "***")
	}
	return s
}
