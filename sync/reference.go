package sync

import "strings"

// referencePrefix marks the documents this app creates. The WHMCS order
// number after it is how the engine recognises, on a fresh data folder, the
// orders that already have a document in e-računi. Changing it would make
// every past import look new: never change it.
const referencePrefix = "WHMCS "

// Reference is the text written into the sales order's reference field.
func Reference(orderNum string) string { return referencePrefix + orderNum }

// orderNumFromReference returns the WHMCS order number a reference carries.
func orderNumFromReference(ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if !strings.HasPrefix(ref, referencePrefix) {
		return "", false
	}
	n := strings.TrimSpace(ref[len(referencePrefix):])
	return n, n != ""
}
