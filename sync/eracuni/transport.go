package eracuni

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
)

// maxAnswer bounds how much of an answer is read; a month of sales orders
// is far below it.
const maxAnswer = 64 << 20

// isCreate tells the methods whose repetition could make a duplicate.
func isCreate(method string) bool {
	return method == MethodSalesOrderCreate || method == MethodSalesOrderCreateInvoice ||
		method == MethodSalesInvoiceCreate
}

// call sends one API method, paced by the limiter and retried as Retry says.
func (a *API) call(ctx context.Context, method string, params map[string]any) (json.RawMessage, error) {
	body, err := a.requestBody(method, params)
	if err != nil {
		return nil, err
	}
	c := a.info(method)
	for attempt := 1; ; attempt++ {
		if err := a.limiter.Wait(ctx); err != nil {
			return nil, a.stopped(ctx, method, err)
		}
		result, e := a.attempt(ctx, c, body)
		if e == nil {
			return result, nil
		}
		if !retryable(e) || attempt >= a.retry.Attempts || ctx.Err() != nil {
			return nil, afterAttempts(e, attempt)
		}
		if sleep(ctx, a.retry.delay(attempt)) != nil {
			return nil, afterAttempts(e, attempt)
		}
	}
}

// retryable: e-računi said it did nothing (rate limit, session lock), or
// nothing that could change data was lost. Creates never reach KindServer
// or KindNetwork once sent: those become KindOutcomeUnknown.
func retryable(e *Error) bool {
	if isCertificateError(e) {
		return false
	}
	switch e.Kind {
	case KindRateLimited, KindBusy, KindNetwork, KindServer:
		return true
	}
	return false
}

// afterAttempts words the last error with the number of tries it took.
func afterAttempts(e *Error, attempts int) *Error {
	switch e.Kind {
	case KindRateLimited:
		e.msg = msgRateLimited.With("action", action(e.Method), "method", e.Method, "attempts", strconv.Itoa(attempts))
	case KindBusy:
		e.msg = msgBusy.With("action", action(e.Method), "method", e.Method, "attempts", strconv.Itoa(attempts))
	}
	return e
}

func (a *API) info(method string) callInfo {
	return callInfo{method: method, username: a.username, endpoint: a.shown, create: isCreate(method), red: a.red}
}

func (a *API) requestBody(method string, params map[string]any) ([]byte, error) {
	req := map[string]any{
		KeyUsername:   a.username,
		KeyToken:      a.token,
		KeyMethod:     method,
		KeyParameters: params,
	}
	if a.md5pass != "" {
		req[KeyMD5Pass] = a.md5pass
	} else {
		req[KeySecretKey] = a.secret
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(req); err != nil {
		// Only strings and decimal numbers are encoded; this cannot happen
		// unless the code changes.
		return nil, &Error{Kind: KindValidation, Method: method, cause: err,
			msg: msgEncode.With("action", action(method), "method", method, "cause", a.red.clean(err.Error()))}
	}
	return b.Bytes(), nil
}

// attempt makes one HTTP request. Whether the request may have reached
// e-računi is judged by whether a connection was ever handed to it: before
// that nothing can have been sent, after it anything may have been.
func (a *API) attempt(ctx context.Context, c callInfo, body []byte) (json.RawMessage, *Error) {
	actx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	var sent atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { sent.Store(true) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, trace), http.MethodPost, a.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, a.transportError(ctx, c, err, false)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "whmcs-eracuni")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, a.transportError(ctx, c, err, sent.Load())
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, a.transportError(ctx, c, err, true)
	}
	return decodeResponse(c, resp.StatusCode, data)
}

// transportError words a request that got no answer.
func (a *API) transportError(ctx context.Context, c callInfo, err error, sent bool) *Error {
	cause := a.describe(err)
	if m, ok := certificateMessage(err); ok {
		// The handshake failed, so nothing was sent: safe for a create too.
		return &Error{Kind: KindNetwork, Method: c.method, cause: err,
			msg: m.With("host", a.host, "action", action(c.method), "method", c.method, "cause", cause)}
	}
	switch {
	case sent && c.create:
		return &Error{Kind: KindOutcomeUnknown, Method: c.method, cause: err,
			msg: msgOutcomeUnknown.With("action", action(c.method), "method", c.method, "cause", cause)}
	case ctx.Err() != nil:
		return a.stopped(ctx, c.method, err)
	}
	return &Error{Kind: KindNetwork, Method: c.method, cause: err,
		msg: msgNetwork.With("host", a.host, "action", action(c.method), "method", c.method, "cause", cause)}
}

// stopped words a call the caller cancelled before anything was sent.
func (a *API) stopped(ctx context.Context, method string, err error) *Error {
	if ctx.Err() != nil {
		err = ctx.Err()
	}
	cause := "cancelled"
	if errors.Is(err, context.DeadlineExceeded) {
		cause = "the time allowed ran out"
	} else if !errors.Is(err, context.Canceled) {
		cause = a.red.clean(err.Error())
	}
	return &Error{Kind: KindNetwork, Method: method, cause: err,
		msg: msgCancelled.With("action", action(method), "method", method, "cause", cause)}
}

// describe turns a transport error into a few words without the URL (which
// could carry user info) or secrets.
func (a *API) describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return "no answer within " + a.timeout.String()
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the connection was closed without an answer"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return a.red.clean(oe.Op + ": " + oe.Err.Error())
	}
	return a.red.clean(err.Error())
}
