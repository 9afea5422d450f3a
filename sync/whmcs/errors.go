package whmcs

import (
	"errors"

	"whmcs-eracuni/sync/message"
)

// Kind sorts failures by what the owner has to do about them.
type Kind int

const (
	KindConfig       Kind = iota + 1 // the settings are incomplete or unsafe; nothing was sent
	KindAuth                         // WHMCS rejected the identifier, secret or access key; never retried
	KindIPNotAllowed                 // this computer's IP is not on WHMCS's API allow-list
	KindIPBanned                     // WHMCS banned this IP, usually after failed logins
	KindPermission                   // the credential's API role lacks an action
	KindNotWHMCS                     // the address answered, but not like the WHMCS API
	KindBadData                      // WHMCS holds data it cannot send or the app cannot read
	KindNotFound                     // no such client, invoice or order
	KindNetwork                      // no answer: connection, DNS, TLS, timeout, cancellation
	KindServer                       // 5xx or an incomplete answer, after retries
	KindAPI                          // any other error WHMCS reported
)

var kindNames = map[Kind]string{
	KindConfig: "config", KindAuth: "auth", KindIPNotAllowed: "ip-not-allowed", KindIPBanned: "ip-banned",
	KindPermission: "permission", KindNotWHMCS: "not-whmcs", KindBadData: "bad-data", KindNotFound: "not-found",
	KindNetwork: "network", KindServer: "server", KindAPI: "api",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}

// Error is every failure the client returns. Its text is written for the
// shop owner and never contains the secret or the access key.
type Error struct {
	Kind    Kind
	Action  string // the API action (GetOrders, …); for KindPermission the one the role lacks
	IP      string // this computer's IP as WHMCS saw it (KindIPNotAllowed)
	Status  int    // HTTP status of the answer; 0 when there was none
	Excerpt string // start of an answer that was not the WHMCS API, tags stripped, at most ~120 characters
	msg     message.Message
	cause   error
}

func newError(k Kind, action string, m message.Message) *Error {
	return &Error{Kind: k, Action: action, msg: m}
}

func (e *Error) Error() string { return e.msg.String() }

// Explain gives the key and values the UI translates.
func (e *Error) Explain() message.Message { return e.msg }

// Unwrap exposes the underlying network or context error, so that
// errors.Is(err, context.Canceled) works.
func (e *Error) Unwrap() error { return e.cause }

// IsKind reports whether err is, or wraps, an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

var _ message.Explainer = (*Error)(nil)
