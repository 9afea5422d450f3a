// Package whmcs reads orders, clients and invoices from a WHMCS installation
// through its classic action API (includes/api.php).
//
// Real installations differ in version (7.x sends every number as a string),
// configuration (IP allow-list, API roles, currency formats) and what sits in
// front of them (Cloudflare, login redirects, PHP errors). The client decodes
// every shape the reference notes describe and turns every failure into an
// *Error whose message tells the shop owner what happened and what to do next.
//
// Everything WHMCS does that the notes mark UNCONFIRMED is guessed in one
// place, quirks.go.
package whmcs
