package whmcs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"whmcs-eracuni/sync/message"
)

// subject names what a call reads, for not-found and bad-data messages.
type subject struct {
	noun string // "client"
	id   string // "12"
	what string // "client 12", "orders 1 to 100 (newest first)"
}

// call posts one read action and returns the body of a WHMCS success
// answer. Network errors, 5xx and cut-off answers are retried with capped,
// jittered exponential backoff; everything else is final at once, above all
// authentication failures, which WHMCS punishes with an IP ban.
func (a *API) call(ctx context.Context, action string, params url.Values, subj subject) ([]byte, error) {
	if e := a.authFailed.Load(); e != nil {
		return nil, e
	}
	form := url.Values{}
	for k, v := range params {
		form[k] = v
	}
	form.Set("action", action)
	form.Set("identifier", a.identifier)
	form.Set("secret", a.secret)
	if a.accessKey != "" {
		form.Set("accesskey", a.accessKey)
	}
	form.Set("responsetype", "json")
	body := form.Encode()

	var last *Error
	attempts := 0
	for attempts < a.retry.Attempts {
		if attempts > 0 && !sleepCtx(ctx, a.retry.delay(attempts)) {
			return nil, a.cancelled(ctx, action)
		}
		attempts++
		data, e, retry := a.attempt(ctx, action, body, subj)
		if e == nil {
			return data, nil
		}
		if ctx.Err() != nil {
			return nil, a.cancelled(ctx, action)
		}
		last = e
		if e.Kind == KindAuth {
			a.authFailed.CompareAndSwap(nil, e)
		}
		if !retry {
			break
		}
	}
	if last.msg.Args != nil {
		if _, ok := last.msg.Args["attempts"]; ok {
			last.msg.Args["attempts"] = strconv.Itoa(attempts)
		}
	}
	return nil, last
}

// delay is the wait before retry n (1-based): Base·2^(n-1) capped at Max,
// with "equal jitter" (half fixed, half random) so that several computers
// behind one office IP do not hammer WHMCS in step.
func (r Retry) delay(n int) time.Duration {
	d := r.Max
	if n-1 < 32 {
		if v := r.Base << (n - 1); v > 0 && v < r.Max {
			d = v
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (a *API) attempt(ctx context.Context, action, body string, subj subject) ([]byte, *Error, bool) {
	cctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodPost, a.endpoint, strings.NewReader(body))
	if err != nil {
		return nil, a.fail(KindConfig, action, msgURLInvalid, "url", a.endpoint), false
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "whmcs-eracuni")
	resp, err := a.http.Do(req)
	if err != nil {
		return a.networkError(action, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return a.networkError(action, err)
	}
	if len(data) > maxBody {
		return nil, a.fail(KindServer, action, msgTooLarge, "endpoint", a.endpoint, "action", action, "limit", "64 MB"), false
	}
	return a.classify(action, resp.StatusCode, resp.Header, data, subj)
}

// classify reads an HTTP answer the way notes §1.7 recommends: a JSON error
// envelope decides whatever the status; a body that is not JSON is not
// WHMCS (or a server failure when the status is 5xx).
func (a *API) classify(action string, status int, hdr http.Header, body []byte, subj subject) ([]byte, *Error, bool) {
	trimmed := trimBody(body)
	if status >= 300 && status < 400 {
		loc := clip(a.redact(stripUserInfo(hdr.Get("Location"))), 200)
		if loc == "" {
			loc = "another page"
		}
		e := a.fail(KindNotWHMCS, action, msgRedirected, "endpoint", a.endpoint, "location", loc, "status", strconv.Itoa(status))
		e.Status, e.Excerpt = status, a.redact(loc)
		return nil, e, false
	}
	if len(trimmed) > 0 && trimmed[0] == '{' {
		env, err := readEnvelope(trimmed)
		if err != nil {
			if status >= 500 {
				return nil, a.serverError(action, status, body), true
			}
			e := a.fail(KindServer, action, msgIncomplete, "endpoint", a.endpoint, "action", action,
				"status", strconv.Itoa(status), "attempts", "1")
			e.Status = status
			return nil, e, true
		}
		result := strings.ToLower(env.Result.plain())
		if result == "error" || (result == "" && strings.EqualFold(env.Status.plain(), "error")) {
			e := a.apiError(action, env.Message.plain(), subj)
			e.Status = status
			return nil, e, false
		}
		if status >= 500 {
			return nil, a.serverError(action, status, body), true
		}
		if result == "success" && status >= 200 && status < 300 {
			return trimmed, nil, false
		}
		return nil, a.notWHMCS(action, status, body), false
	}
	if status >= 500 {
		return nil, a.serverError(action, status, body), true
	}
	return nil, a.notWHMCS(action, status, body), false
}

type envelope struct{ Result, Status, Message jText }

var errNotJSON = errors.New("not valid JSON")

// readEnvelope checks the body is JSON and picks the three top-level keys
// every WHMCS answer is judged by, without decoding the rest: a JSON object
// that does not parse was cut short (or garbled) on the way.
func readEnvelope(b []byte) (envelope, error) {
	var env envelope
	if !json.Valid(b) {
		return env, errNotJSON
	}
	i := skipSpace(b, 1)
	for i < len(b) && b[i] == '"' {
		end := skipString(b, i)
		if end < 0 {
			return env, errNotJSON
		}
		key := unquote(b[i:end])
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return env, errNotJSON
		}
		start := skipSpace(b, i+1)
		stop := skipValue(b, start)
		if stop < 0 {
			return env, errNotJSON
		}
		var dst *jText
		switch key {
		case "result":
			dst = &env.Result
		case "status":
			dst = &env.Status
		case "message":
			dst = &env.Message
		}
		if dst != nil {
			_ = dst.UnmarshalJSON(b[start:stop])
		}
		i = skipSpace(b, stop)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return env, nil
}

// trimBody drops a UTF-8 byte-order mark and whitespace, which a PHP file
// saved with a BOM puts before every answer.
func trimBody(b []byte) []byte {
	b = bytes.TrimPrefix(bytes.TrimSpace(b), []byte("\xef\xbb\xbf"))
	return bytes.TrimSpace(b)
}

func (a *API) apiError(action, text string, subj subject) *Error {
	switch {
	case authMessages[text]:
		return a.fail(KindAuth, action, msgAuthFailed, "reason", text)
	case text == msgTextAccessKey:
		return a.fail(KindAuth, action, msgAccessKeyInvalid)
	case text == msgTextIPBanned:
		return a.fail(KindIPBanned, action, msgIPBanned)
	case strings.Contains(text, msgTextMalformedUTF):
		return a.fail(KindBadData, action, msgBadUTF8, "what", subj.what)
	case notFoundMessages[text]:
		return a.fail(KindNotFound, action, msgNotFound, "what", subj.noun, "id", subj.id)
	}
	if m := reInvalidIP.FindStringSubmatch(text); m != nil {
		ip := clip(a.redact(strings.TrimSpace(m[1])), 60)
		if ip == "" {
			ip = "(not given by WHMCS)"
		}
		e := a.fail(KindIPNotAllowed, action, msgIPNotAllowed, "ip", ip)
		e.IP = ip
		return e
	}
	if m := rePermissions.FindStringSubmatch(text); m != nil {
		named := canonicalAction(m[1])
		if named == "" {
			named = action
		}
		named = a.redact(named)
		e := a.fail(KindPermission, action, msgPermission, "action", named)
		e.Action = named
		return e
	}
	if text == "" {
		text = "no reason given"
	}
	return a.fail(KindAPI, action, msgAPIError, "action", action, "reason", clip(a.redact(text), 200))
}

func (a *API) notWHMCS(action string, status int, body []byte) *Error {
	ex := a.excerpt(body)
	e := a.fail(KindNotWHMCS, action, msgNotWHMCS, "endpoint", a.endpoint, "status", strconv.Itoa(status), "excerpt", ex)
	e.Status, e.Excerpt = status, ex
	return e
}

func (a *API) serverError(action string, status int, body []byte) *Error {
	ex := a.excerpt(body)
	e := a.fail(KindServer, action, msgServer, "endpoint", a.endpoint, "status", strconv.Itoa(status),
		"action", action, "excerpt", ex, "attempts", "1")
	e.Status, e.Excerpt = status, ex
	return e
}

// networkError describes a failure without an answer in the owner's words.
// Certificate errors are final: retrying will not make a site trustworthy.
func (a *API) networkError(action string, err error) ([]byte, *Error, bool) {
	var (
		cause string
		retry = true
	)
	var ue *url.Error
	inner := err
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	var dnsErr *net.DNSError
	if m, ok := certificateMessage(err); ok {
		e := a.fail(KindNetwork, action, m, "endpoint", a.endpoint, "host", hostOf(a.endpoint),
			"cause", clip(a.redact(inner.Error()), 200))
		e.cause = err
		return nil, e, false
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		cause = fmt.Sprintf("no answer within %s", a.timeout)
	case errors.As(err, &dnsErr):
		cause = fmt.Sprintf("the name %s could not be found (DNS)", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		cause = "the connection was refused (nothing answers at that address and port)"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET):
		cause = "the connection was closed before WHMCS finished answering"
	default:
		cause = clip(a.redact(inner.Error()), 200)
	}
	e := a.fail(KindNetwork, action, msgNetwork, "endpoint", a.endpoint, "action", action, "cause", cause, "attempts", "1")
	e.cause = err
	return nil, e, retry
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (a *API) cancelled(ctx context.Context, action string) *Error {
	e := a.fail(KindNetwork, action, msgCancelled, "action", action)
	e.cause = ctx.Err()
	return e
}

// fail builds an *Error. Values that come from the server (excerpts,
// reasons, locations, causes) must pass through redact first: a WAF page or
// an error text may echo the request, secret included.
func (a *API) fail(k Kind, action string, t message.Template, pairs ...string) *Error {
	return newError(k, action, t.With(pairs...))
}

// reFormSecret catches an echoed request body whatever its encoding.
var reFormSecret = regexp.MustCompile(`(?i)\b(secret|accesskey|password)(=|%3D)[^&\s"'<>;]*`)

func (a *API) redact(s string) string {
	s = reFormSecret.ReplaceAllString(s, "${1}=[hidden]")
	for _, secret := range []string{a.secret, a.accessKey} {
		if secret == "" {
			continue
		}
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret)} {
			s = strings.ReplaceAll(s, form, "[hidden]")
		}
	}
	return s
}

// scrub redacts the value a decoder error echoes from WHMCS's data.
func (a *API) scrub(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	if v, ok := e.msg.Args["value"]; ok {
		e.msg.Args["value"] = clip(a.redact(v), 40)
	}
	return e
}

func stripUserInfo(raw string) string {
	s := strings.TrimSpace(raw)
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		host := rest
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			host = rest[:j]
		}
		if at := strings.LastIndex(host, "@"); at >= 0 {
			s = s[:i+3] + rest[at+1:]
		}
	}
	return s
}
