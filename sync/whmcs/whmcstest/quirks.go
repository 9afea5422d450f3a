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
