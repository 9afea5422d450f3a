package whmcs

import (
	"regexp"
	"strings"
)

// This file holds every guess about WHMCS that the reference notes
// (shared/reference/whmcs-api.md) mark UNCONFIRMED or could not source.
// Each guess is tolerant: it accepts the documented shape and the plausible
// alternatives, so a wrong guess degrades a message, not the data.

// Error texts WHMCS returns when the credential is wrong (notes §1.3, §1.7).
// They are matched exactly; the status code is ignored because the notes
// disagree on it for "Invalid IP" (403 in the source, 400 in one client
// library, UNCONFIRMED §7.1).
var authMessages = map[string]bool{
	"Authentication Failed":                       true,
	"Invalid or missing credentials":              true,
	"Invalid administrative identifier":           true,
	"Administrator Account Disabled":              true,
	"Invalid password provided":                   true,
	"Access Denied":                               true,
	"Access Denied: Authentication not permitted": true,
}

const (
	msgTextIPBanned     = "IP Banned"
	msgTextAccessKey    = "Invalid Access Key"
	msgTextMalformedUTF = "Malformed UTF-8"
)

var (
	reInvalidIP   = regexp.MustCompile(`^Invalid IP\s*(.*)$`)
	rePermissions = regexp.MustCompile(`^Invalid Permissions: API action "?([^"]*)"? is not allowed`)
)

// notFoundMessages are business errors meaning "no such record". "Client
// Not Found" and "Invoice ID Not Found" are in the notes; "Order ID Not
// Found" comes from PendingOrder/FraudOrder. "Either clientid Or email Is
// Required" is what GetClientsDetails with clientid=0 most likely answers
// (UNCONFIRMED: the source checks the id with empty(), not observed live).
var notFoundMessages = map[string]bool{
	"Client Not Found":                     true,
	"Invoice ID Not Found":                 true,
	"Order ID Not Found":                   true,
	"Either clientid Or email Is Required": true,
}

// canonicalAction restores the spelling people see in WHMCS's role editor
// from the lowercased name in "Invalid Permissions" (notes §1.4). The role
// editor's own labels are UNCONFIRMED (§7.10); the API index spelling is used.
var canonicalActions = map[string]string{
	"getorders":         "GetOrders",
	"getclientsdetails": "GetClientsDetails",
	"getinvoice":        "GetInvoice",
	"getinvoices":       "GetInvoices",
	"getcurrencies":     "GetCurrencies",
	"getpaymentmethods": "GetPaymentMethods",
	"getorderstatuses":  "GetOrderStatuses",
	"acceptorder":       "AcceptOrder",
}

func canonicalAction(lower string) string {
	k := strings.ToLower(strings.TrimSpace(lower))
	if c, ok := canonicalActions[k]; ok {
		return c
	}
	return lower
}

// Currency number formats (notes §2.3, "from memory", UNCONFIRMED):
// 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234. parseMoney does not
// need to know the format: a separator followed by exactly three digits and
// nothing else is a thousands separator, the last other one is the decimal
// point. Plain "8.00" is tried first, so "19.000" stays nineteen.

// currencyBySymbol maps a bare prefix or suffix to an ISO code when the
// suffix does not already hold one (the usual " EUR"). "$" is taken as USD,
// a guess: WHMCS leaves the symbols to the admin and "$" is also AUD, CAD…
var currencyBySymbol = map[string]string{
	"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "CHF": "CHF", "Fr.": "CHF",
	"kn": "HRK", "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "lei": "RON", "¥": "JPY",
}

// Date layouts WHMCS uses; the value is the server's wall clock without a
// zone (notes §2.2). The ISO "T" form is a tolerance, not observed.
var dateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04"}

// Passed through as WHMCS sends them, because their meaning is UNCONFIRMED
// (notes §7.7): Order.Amount (tblorders.amount, with or without tax; the
// double models it net, see whmcstest's package doc) and
// LineItem.BillingCycle ("One Time" or "One-Time"). Order.Status is an open
// set (custom statuses), never validated.

// GetInvoices sorts by status and due date unless told otherwise (notes
// §4.2): Invoices always sends orderby=id&order=desc. WHMCS 7.8 reported
// the full count in numreturned; paging counts the rows it got instead.
