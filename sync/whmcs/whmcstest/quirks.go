package whmcstest

import "time"

// Guesses the double makes where the reference notes say UNCONFIRMED or
// NOT FOUND. Each is one constant or table so a live observation changes
// one line.

// The order of access checks for a request failing several (notes §7.8):
// banned IP, then access key, then IP allow-list, then credentials, then
// role. The source has them in separate middleware; the order was not read.
// (See Shop.authorize.)

// statusInvalidIP is 403, as the source and two user reports say; one
// client library expects 400 (notes §7.1).
const statusInvalidIP = 403

// unknownActionStatus and unknownActionMessage follow what a later WHMCS
// was observed to say; 7.8 said "Command Not Found" (notes §7.6).
const (
	unknownActionStatus  = 200
	unknownActionMessage = `Invalid API Action: "%s" is not a valid API action`
)

// negativeSign: where formatCurrency puts the minus of a negative price
// ("€-10.00 EUR") was not observed.
const negativeSign = "-"

// failedLoginsBeforeBan and banLength: three failures, 15 minutes, from
// the admin login code and the install default (notes §6.2). Whether
// "Invalid or missing credentials" also counts is UNCONFIRMED; here only
// "Authentication Failed" does.
const (
	failedLoginsBeforeBan = 3
	banLength             = 15 * time.Minute
)

// Whether stored text reaches the API HTML-escaped (notes §7.9) is up to
// whoever fills the Shop: the generator stores "&amp;" in some company
// names, as WHMCS's input sanitising would.

// GetClientsDetails with clientid=0 answers "Either clientid Or email Is
// Required": the source tests the id with empty() (UNCONFIRMED live).

// JSON strings are escaped as PHP's json_encode does with Diactoros'
// default flags, which lack JSON_UNESCAPED_UNICODE: "Müller" is sent as
// "M\u00fcller" (inferred from the flag list in notes §1.6; the notes'
// hand-written examples show raw UTF-8, which the client also reads).
// See encoder.str.

// GetInvoices (notes §4.2): created_at is the invoice date (WHMCS stamps
// the creation time, which the double does not keep), updated_at the
// latest of the date, payment, refund and cancellation; paymethodid is 3
// for an invoice paid by card (stripe), null otherwise — the value of a
// stored pay method is not modelled. In 7.x mode numreturned is the full
// count, as in WHMCS 7.8 (a bug fixed in 8.x). Without orderby the order
// is status DESC, duedate ASC, ties by id (MySQL leaves ties undefined).

// TaxPerLineItem (SetTaxPerLineItem) rounds each taxed line's tax and adds
// them up; the notes say only that it "changes rounding". A second tax
// level is not modelled: every invoice has taxrate2 0.000.
