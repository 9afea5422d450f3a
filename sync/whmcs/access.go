package whmcs

import (
	"context"
	"errors"
	"net/url"
	"slices"
)

// Check is the outcome of probing one API action.
//
// Allowed with a nil Err: the role permits the action. Allowed false: Err
// says why (a missing permission names the action; any other error is the
// same for every check, see CheckAccess). Allowed with a non-nil Err: the
// action is permitted but WHMCS could not answer it properly (bad data).
type Check struct {
	Action   string // "GetOrders", "GetClientsDetails", "GetInvoice", "GetInvoices"
	Required bool   // the app cannot sync without it; GetInvoice is optional unless invoices are imported
	Allowed  bool
	Err      error
}

// probes are the cheapest calls that prove an action allowed: WHMCS checks
// the role before it runs the action, so a business error such as "Client
// Not Found" for id 0 is as good as a success and reads nothing.
var probes = []struct {
	action   string
	required bool
	params   url.Values
}{
	{"GetOrders", true, url.Values{"limitnum": {"1"}}},
	{"GetClientsDetails", true, url.Values{"clientid": {"0"}}},
	{"GetInvoice", false, url.Values{"invoiceid": {"0"}}},
}

// invoiceProbe proves GetInvoices with one row at most; only importing
// invoices needs it.
var invoiceProbe = struct {
	action   string
	required bool
	params   url.Values
}{"GetInvoices", true, url.Values{"limitnum": {"1"}}}

// CheckAccess tells, for each action the app uses, whether the credential's
// role allows it. After a failure that is not about one action (wrong
// credentials, IP not allowed or banned, not WHMCS, unreachable) it makes no
// more calls and reports that error for every check: WHMCS bans the IP
// after three failed logins.
func (a *API) CheckAccess(ctx context.Context) []Check { return a.CheckAccessFor(ctx, false) }

// CheckAccessFor is CheckAccess for the options in use: with invoices (the
// WHMCS invoices import is on) GetInvoice becomes required and GetInvoices
// is checked too, as a required action. Without, it is exactly CheckAccess.
func (a *API) CheckAccessFor(ctx context.Context, invoices bool) []Check {
	list := probes
	if invoices {
		list = append(slices.Clone(probes), invoiceProbe)
		for i := range list {
			if list[i].action == "GetInvoice" {
				list[i].required = true
			}
		}
	}
	out := make([]Check, 0, len(list))
	var global error
	for _, p := range list {
		c := Check{Action: p.action, Required: p.required}
		if global != nil {
			c.Err = global
			out = append(out, c)
			continue
		}
		_, err := a.call(ctx, p.action, p.params, subject{noun: "record", id: "0", what: "the answer to " + p.action})
		var e *Error
		switch {
		case err == nil:
			c.Allowed = true
		case errors.As(err, &e) && (e.Kind == KindNotFound || e.Kind == KindAPI):
			c.Allowed = true
		case errors.As(err, &e) && e.Kind == KindBadData:
			c.Allowed, c.Err = true, err
		case errors.As(err, &e) && e.Kind == KindPermission:
			c.Err = err
		default:
			c.Err = err
			global = err
		}
		out = append(out, c)
	}
	return out
}
