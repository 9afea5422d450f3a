// Package whmcstest is a stand-in for a WHMCS installation's API
// (includes/api.php) that behaves like the real one as our reference notes
// describe it (shared/reference/whmcs-api.md): the same bodies, error texts
// and HTTP codes, the same shapes for empty collections, 7.x all-strings
// output on request, an IP allow-list, API roles, and the ban after three
// failed logins. Tests and the built-in demo talk to it over real HTTP with
// the real client, like net/http/httptest.
//
// A Shop holds the data (clients, orders, invoices, credentials, security
// settings); a Server serves one Shop and carries the test knobs (latency,
// faults, canned replies, call counters, a hook before each call).
//
// # Money model
//
// The real meaning of tblorders.amount (with or without tax) is UNCONFIRMED
// (notes §7.7; the notes' two examples even show gross amounts). This double
// fixes one model and keeps it consistent, in WHMCS's default exclusive tax
// mode:
//
//   - line-item amounts are net prices;
//   - a percentage promotion discounts the order's product (hosting) items:
//     discount = round(sum(product items) × percent / 100, 2);
//   - order amount = sum(line items) − discount, on the same net basis;
//   - the order's invoice carries one item per line item (plain decimals)
//     plus a negative promo line (type PromoHosting), each taxed unless the
//     client is tax exempt;
//   - tax = round(taxed subtotal × client's rate / 100, 2), one level only;
//     subtotal = sum(invoice items) = order amount; total = subtotal + tax;
//   - the client's rate comes from its country (SI 22 %, HR 25 %, AT 20 %,
//     DE 19 %, IT 22 %, …; none outside the EU); EU businesses outside
//     Slovenia with a VAT id are tax exempt (reverse charge).
//
// Invoices without an order (AddInvoice, AddMassPayment, GenerateWithRenewals)
// follow the same tax rules. SetTaxInclusive switches the shop to WHMCS's
// inclusive tax mode: taxed item amounts are then gross, tax = round(taxed ×
// rate / (100 + rate), 2) and subtotal = sum(items) − tax, so the items no
// longer add up to the subtotal. Credit applied lowers the total: total =
// subtotal + tax − credit. With sequential paid numbering an invoice gets
// its invoicenum only when paid ("2026-0007"); paying a mass-payment
// invoice pays the invoices it lists. GetInvoices answers with full rows
// joined with the client's names, "invoices": [] when nothing matches.
//
// GetOrders line-item amounts are formatted with the client's currency
// ("€100.00 EUR", "$1,234.56 USD"); invoice amounts are plain ("100.00").
package whmcstest
