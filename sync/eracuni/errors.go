package eracuni

import (
	"errors"
	"strings"

	"whmcs-eracuni/sync/message"
)

// Kind sorts e-računi failures by what the user or the engine does next.
type Kind int

const (
	// KindConfig: the settings cannot work (address, missing credentials).
	KindConfig Kind = iota + 1
	// KindAuth: e-računi refused the username, password/secret key or token.
	KindAuth
	// KindPrivileges: the login works but the user lacks rights for the method.
	KindPrivileges
	// KindValidation: e-računi read the request and refused its content.
	KindValidation
	// KindRateLimited: "Too Many Requests" persisted through every retry.
	KindRateLimited
	// KindBusy: the account's session lock persisted through every retry.
	KindBusy
	// KindServer: e-računi answered with a server error and no usable body.
	KindServer
	// KindNetwork: no answer, and nothing that could have changed data was
	// sent (or the call only reads).
	KindNetwork
	// KindOutcomeUnknown: a create was sent and no answer came back; the
	// document may exist. Look it up before sending it again.
	KindOutcomeUnknown
	// KindNotERacuni: whatever answered does not speak the e-računi API.
	KindNotERacuni
)

var kindNames = map[Kind]string{
	KindConfig: "config", KindAuth: "auth", KindPrivileges: "privileges",
	KindValidation: "validation", KindRateLimited: "rate-limited", KindBusy: "busy",
	KindServer: "server", KindNetwork: "network", KindOutcomeUnknown: "outcome-unknown",
	KindNotERacuni: "not-eracuni",
}

func (k Kind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "unknown"
}

// FieldError is one "Error nr: N #field - message" entry of an e-računi answer.
type FieldError struct {
	Field, Message string
}

// Error is every failure the client returns. Its text never holds a password,
// md5pass, secret key or token.
type Error struct {
	Kind   Kind
	Method string       // API method, e.g. SalesOrderCreate; "" for configuration errors
	Fields []FieldError // field errors of a KindValidation answer
	Status int          // HTTP status, 0 when no answer came

	// Description is e-računi's own error text, with secrets removed.
	Description string

	msg   message.Message
	cause error
}

func (e *Error) Error() string { return e.Explain().String() }

// Explain gives the message for people, with its translation key.
func (e *Error) Explain() message.Message { return e.msg }

// Unwrap gives the transport or context error underneath, if any.
func (e *Error) Unwrap() error { return e.cause }

// IsKind reports whether err is (or wraps) an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// FieldsText joins the field errors for people:
// "buyerTaxNumber — VAT ID entry is mandatory for buyer registered for VAT; ...".
// Without field errors it gives e-računi's description.
func (e *Error) FieldsText() string {
	if len(e.Fields) == 0 {
		return e.Description
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		switch {
		case f.Field == "":
			parts = append(parts, f.Message)
		case f.Message == "":
			parts = append(parts, f.Field)
		default:
			parts = append(parts, f.Field+" — "+f.Message)
		}
	}
	return strings.Join(parts, "; ")
}

var (
	msgEndpointInvalid = message.Define("eracuni.config.endpoint_invalid",
		`The e-računi address "{{.endpoint}}" is not a web address: enter the full web-services address, usually https://e-racuni.com/WebServicesSI/API.`)
	msgEndpointHTTPS = message.Define("eracuni.config.endpoint_https",
		`The e-računi address {{.endpoint}} must start with https:// so the password and token travel encrypted; plain http is accepted only for a test server on this computer.`)
	msgUsernameMissing = message.Define("eracuni.config.username_missing",
		`The e-računi username is empty: enter the user you log in to e-računi with.`)
	msgCredentialMissing = message.Define("eracuni.config.credential_missing",
		`Neither an e-računi password nor a secret key is set: enter the password of the e-računi user (or the secret key, if your account uses one).`)
	msgCredentialBoth = message.Define("eracuni.config.credential_both",
		`Both an e-računi password and a secret key are set: keep only the one your account uses.`)
	msgTokenMissing = message.Define("eracuni.config.token_missing",
		`The e-računi API token is empty: copy it from e-računi, Settings > Company settings > Web services – API.`)
	msgDateWindow = message.Define("eracuni.config.date_window",
		`Cannot list e-računi documents from "{{.from}}" to "{{.to}}": both dates must be YYYY-MM-DD and the first must not be after the second.`)
	msgOrderIDMissing = message.Define("eracuni.config.order_id_missing",
		`Cannot create an e-računi invoice without the sales order's document ID.`)

	msgValidation = message.Define("eracuni.validation",
		`e-računi rejected {{.what}}: {{.fields}}. Correct this in WHMCS or in this app's e-računi settings, then sync again.`)
	msgAuth = message.Define("eracuni.auth",
		`e-računi did not accept the login of user "{{.username}}": check the username, the password or secret key, and the API token under Settings > Company settings > Web services – API in e-računi.`)
	msgPrivileges = message.Define("eracuni.privileges",
		`The e-računi user "{{.username}}" is not allowed to {{.action}}: in e-računi, give this user the rights for sales orders and sales invoices (the API has the same rights as the web app), then try again.`)
	msgRateLimited = message.Define("eracuni.rate_limited",
		`e-računi kept answering "Too Many Requests" while {{.action}} (attempts: {{.attempts}}); it allows 4 requests in 4 seconds per account: make sure no other program uses the same e-računi account at the same time, wait a minute and sync again.`)
	msgBusy = message.Define("eracuni.busy",
		`e-računi was still busy with another request from this account while {{.action}} (attempts: {{.attempts}}): make sure no other program uses the same e-računi account at the same time, wait a minute and sync again.`)
	msgServer = message.Define("eracuni.server",
		`e-računi had a server error while {{.action}} (HTTP {{.status}}: {{.excerpt}}): the service may be down for maintenance; try again later.`)
	msgNetwork = message.Define("eracuni.network",
		`Could not reach e-računi at {{.host}} while {{.action}}: {{.cause}}. Check the internet connection and the e-računi address, then try again.`)
	msgCancelled = message.Define("eracuni.cancelled",
		`Stopped before {{.action}} in e-računi: {{.cause}}.`)
	msgOutcomeUnknown = message.Define("eracuni.outcome_unknown",
		`While {{.action}}, the request was sent but no answer came back ({{.cause}}); the document may or may not exist in e-računi — it will be looked up before anything is sent again.`)
	msgEncode = message.Define("eracuni.encode",
		`Could not prepare the e-računi request for {{.action}}: {{.cause}}.`)
	msgNotERacuni = message.Define("eracuni.not_eracuni",
		`The address {{.endpoint}} did not answer like the e-računi API (HTTP {{.status}}: {{.excerpt}}): check the e-računi address in the settings (wrong endpoint?); the usual one is https://e-racuni.com/WebServicesSI/API.`)
)

// action names what a method does, for the English messages. Every message
// that has {{.action}} also has {{.method}}, the API method name, for
// translations that would rather not embed English words.
func action(method string) string {
	switch method {
	case MethodSalesOrderCreate:
		return "creating the sales order"
	case MethodSalesOrderList:
		return "listing sales orders"
	case MethodSalesOrderCreateInvoice:
		return "creating the invoice from the sales order"
	case MethodSalesInvoiceList:
		return "listing sales invoices"
	case MethodSalesInvoiceCreate:
		return "creating the sales invoice"
	}
	return "calling " + method
}

// privilegeAction names what the user may not do, for the privileges message.
func privilegeAction(method string) string {
	switch method {
	case MethodSalesOrderCreate:
		return "create sales orders"
	case MethodSalesOrderList:
		return "list sales orders"
	case MethodSalesOrderCreateInvoice:
		return "create invoices from sales orders"
	case MethodSalesInvoiceList:
		return "list sales invoices"
	case MethodSalesInvoiceCreate:
		return "create sales invoices"
	}
	return "use " + method
}

// rejectedWhat names the thing e-računi refused, for the validation message.
func rejectedWhat(method string) string {
	switch method {
	case MethodSalesOrderCreate:
		return "the sales order"
	case MethodSalesOrderCreateInvoice:
		return "the invoice for the sales order"
	case MethodSalesInvoiceCreate:
		return "the sales invoice"
	}
	return "the request (" + method + ")"
}

func configError(m message.Message) *Error {
	return &Error{Kind: KindConfig, msg: m}
}
