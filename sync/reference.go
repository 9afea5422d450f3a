package sync

import (
	"strconv"
	"strings"
)

// referencePrefix marks the documents this app creates. The WHMCS order
// number after it is how the engine recognises, on a fresh data folder, the
// orders that already have a document in e-računi. Changing it would make
// every past import look new: never change it.
const referencePrefix = "WHMCS "

// invoiceReferencePrefix marks the documents made from WHMCS invoices that
// belong to no order. Like referencePrefix it must never change.
//
// The reference names the invoice as people know it — its number, or its
// id while WHMCS has not numbered it — and always carries the id, which
// never changes: with proforma invoicing WHMCS numbers an invoice only when
// it is paid, and invoice numbers and ids may look alike ("2041" could be
// either), so only the id can find the document again:
//
//	WHMCS invoice 2026-0042 (id 1187)
//	WHMCS invoice id 1190
const invoiceReferencePrefix = "WHMCS invoice "

// Reference is the text written into the sales order's reference field.
func Reference(orderNum string) string { return referencePrefix + orderNum }

// InvoiceReference is the text written into the reference field of the
// document made from a WHMCS invoice: number is its invoicenum ("" while
// unnumbered), id its WHMCS id.
func InvoiceReference(number string, id int64) string {
	sid := strconv.FormatInt(id, 10)
	if number = strings.TrimSpace(number); number == "" || number == sid {
		return invoiceReferencePrefix + "id " + sid
	}
	return invoiceReferencePrefix + number + " (id " + sid + ")"
}

// orderNumFromReference returns the WHMCS order number a reference carries;
// an invoice's reference carries none.
func orderNumFromReference(ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if !strings.HasPrefix(ref, referencePrefix) || strings.HasPrefix(ref, invoiceReferencePrefix) {
		return "", false
	}
	n := strings.TrimSpace(ref[len(referencePrefix):])
	return n, n != ""
}

// invoiceIDFromReference returns the WHMCS invoice id an invoice's
// reference carries.
func invoiceIDFromReference(ref string) (int64, bool) {
	ref = strings.TrimSpace(ref)
	if !strings.HasPrefix(ref, invoiceReferencePrefix) {
		return 0, false
	}
	rest := strings.TrimSpace(ref[len(invoiceReferencePrefix):])
	var digits string
	switch {
	case strings.HasPrefix(rest, "id "):
		digits = rest[len("id "):]
	case strings.HasSuffix(rest, ")"):
		i := strings.LastIndex(rest, "(id ")
		if i < 0 {
			return 0, false
		}
		digits = rest[i+len("(id ") : len(rest)-1]
	default:
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(digits), 10, 64)
	return id, err == nil && id > 0
}
