package sync_test

import (
	"os"
	"testing"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// An order's invoice is dated by e-računi when it is issued, days after the
// order: a fresh data folder must still find it, and not make it again.
func TestDeletedDataFileDoesNotInvoiceAnOrderTwice(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *store.Settings) { s.InvoicePaid = true })
	paid := f.order(f.slovo, 3, "Active", "Paid")
	unpaid := f.order(f.firma, 3, "Active", "Unpaid")
	f.sync()
	f.shop.SetInvoiceStatus(mustOrder(t, f, unpaid).InvoiceID, "Paid")
	f.db.Close()
	if err := os.Remove(f.db.Path()); err != nil {
		t.Fatal(err)
	}
	f.open()
	f.settings(func(s *store.Settings) { s.InvoicePaid = true })
	p := f.sync()
	if p.Err != nil {
		t.Fatalf("run error: %v", p.Err)
	}
	if d := decisionFor(t, p, paid); d.Action != sync.ActionAlready || d.InvoiceNumber == "" {
		t.Fatalf("paid order: %s, invoice %q; want already with its invoice found", d.Action, d.InvoiceNumber)
	}
	if d := decisionFor(t, p, unpaid); d.InvoiceNumber == "" {
		t.Fatalf("order paid since: %s %q, want its invoice made now", d.Action, d.Reason.String())
	}
	for _, id := range []int64{paid, unpaid} {
		if n := len(f.esrv.SalesInvoicesByReference(sync.Reference(f.ordernum(id)))); n != 1 {
			t.Fatalf("order %d has %d invoices in e-računi, want 1", id, n)
		}
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderCreateInvoice); n != 2 {
		t.Fatalf("%d invoices made in all, want 2", n)
	}
	f.assertExactlyOnce(paid, unpaid)
}

func mustOrder(t *testing.T, f *fixture, id int64) whmcstest.Order {
	t.Helper()
	o, ok := f.shop.Order(id)
	if !ok {
		t.Fatalf("no order %d", id)
	}
	return o
}
