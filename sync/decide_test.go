package sync_test

import (
	"strings"
	"testing"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestEachDecisionHasItsReason(t *testing.T) {
	f := newFixture(t)
	active := f.order(f.slovo, 3, "Active", "Paid")
	pending := f.order(f.firma, 3, "Pending", "Unpaid")
	fraud := f.order(f.slovo, 3, "Fraud", "Unpaid")
	cancelled := f.order(f.slovo, 3, "Cancelled", "Cancelled")
	zero := f.order(f.slovo, 3, "Active", "Paid", hosting("0.00"))
	p := f.preview()
	want := map[int64]struct {
		action sync.Action
		reason string
	}{
		active:    {sync.ActionCreate, "will be created"},
		pending:   {sync.ActionCreate, "will be created"},
		fraud:     {sync.ActionSkip, "fraud"},
		cancelled: {sync.ActionSkip, "Cancelled in WHMCS"},
		zero:      {sync.ActionSkip, "total is zero"},
	}
	for id, w := range want {
		d := decisionFor(t, p, id)
		if d.Action != w.action || !strings.Contains(d.Reason.String(), w.reason) {
			t.Errorf("order %d: %s %q, want %s with %q", id, d.Action, d.Reason.String(), w.action, w.reason)
		}
	}
	if p.Counts.Created != 2 || p.Counts.Skipped != 3 {
		t.Errorf("counts %+v, want 2 created and 3 skipped", p.Counts)
	}
	if n := f.esrv.Calls("SalesOrderCreate"); n != 0 {
		t.Fatalf("a preview made %d create calls; it must write nothing to e-računi", n)
	}
}

func TestOrdersBeforeStartDateAreSkippedAndEndTheScan(t *testing.T) {
	f := newFixture(t)
	old := f.order(f.slovo, 60, "Active", "Paid")
	older := f.order(f.slovo, 40, "Active", "Paid") // newer id, still before the start date
	recent := f.order(f.slovo, 2, "Active", "Paid")
	p := f.preview()
	d := decisionFor(t, p, older)
	if d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "before the import start date 2026-11-01") {
		t.Fatalf("order before the start date: %s %q", d.Action, d.Reason.String())
	}
	if decisionFor(t, p, recent).Action != sync.ActionCreate {
		t.Fatal("the recent order must be created")
	}
	for _, d := range p.Decisions {
		if d.OrderID == old {
			t.Fatal("the scan must stop at the first order before the start date")
		}
	}
}

func TestStatusOptionAndCustomStatuses(t *testing.T) {
	f := newFixture(t)
	custom := f.order(f.slovo, 1, "In Review", "Unpaid")
	pending := f.order(f.slovo, 1, "Pending", "Unpaid")
	if d := decisionFor(t, f.preview(), custom); d.Action != sync.ActionCreate {
		t.Fatalf("by default custom statuses are imported; got %s %q", d.Action, d.Reason.String())
	}
	f.settings(func(s *store.Settings) { s.Statuses = []string{"Active"} })
	p := f.preview()
	if d := decisionFor(t, p, custom); d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "In Review is not selected") {
		t.Fatalf("custom status not selected: %s %q", d.Action, d.Reason.String())
	}
	if d := decisionFor(t, p, pending); d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "Still pending") {
		t.Fatalf("pending, not selected: %s %q", d.Action, d.Reason.String())
	}
}

func TestPaidLaterOrderIsPickedUp(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *store.Settings) { s.PaidOnly = true })
	id := f.order(f.slovo, 1, "Active", "Unpaid")
	p := f.sync()
	if d := decisionFor(t, p, id); d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "Not paid yet") {
		t.Fatalf("unpaid order: %s %q", d.Action, d.Reason.String())
	}
	// Newer orders arrive and are settled; the unpaid one is older than them.
	for i := 0; i < 15; i++ {
		f.order(f.firma, 0, "Active", "Paid")
	}
	f.sync()
	o, _ := f.shop.Order(id)
	f.shop.SetInvoiceStatus(o.InvoiceID, "Paid")
	p = f.sync()
	if d := decisionFor(t, p, id); d.Action != sync.ActionCreate {
		t.Fatalf("paid later: %s %q, want create", d.Action, d.Reason.String())
	}
	f.assertExactlyOnce(id)
}

func TestUnpaidOrderIsNoLongerCheckedAfterTheRecheckAge(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *store.Settings) { s.PaidOnly = true; s.RecheckDays = 10; s.Since = "2026-01-01" })
	id := f.order(f.slovo, 11, "Active", "Unpaid")
	d := decisionFor(t, f.sync(), id)
	if d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "after 10 days") {
		t.Fatalf("too old: %s %q", d.Action, d.Reason.String())
	}
}

func TestPaidOrderGetsItsInvoiceWhenTheOptionIsOn(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *store.Settings) { s.InvoicePaid = true })
	paid := f.order(f.slovo, 1, "Active", "Paid")
	unpaid := f.order(f.slovo, 1, "Active", "Unpaid")
	pv := f.preview()
	if d := decisionFor(t, pv, paid); !d.Invoice || !strings.Contains(d.Reason.String(), "invoice will be created") {
		t.Fatalf("preview of a paid order: invoice=%v %q", d.Invoice, d.Reason.String())
	}
	if pv.Counts.Invoiced != 1 {
		t.Fatalf("preview plans %d invoices, want 1", pv.Counts.Invoiced)
	}
	p := f.sync()
	if p.Counts.Created != 2 || p.Counts.Invoiced != 1 {
		t.Fatalf("counts %+v, want 2 created and 1 invoiced", p.Counts)
	}
	d := decisionFor(t, p, paid)
	if d.InvoiceNumber == "" || len(f.esrv.SalesInvoicesByReference(sync.Reference(f.ordernum(paid)))) != 1 {
		t.Fatalf("paid order: invoice %q, want exactly one invoice in e-računi", d.InvoiceNumber)
	}
	// Paid later: the already imported order gets its invoice, once.
	o, _ := f.shop.Order(unpaid)
	f.shop.SetInvoiceStatus(o.InvoiceID, "Paid")
	p = f.sync()
	if d := decisionFor(t, p, unpaid); d.Action != sync.ActionAlready || d.InvoiceNumber == "" {
		t.Fatalf("paid later: %s invoice %q", d.Action, d.InvoiceNumber)
	}
	f.sync()
	for _, id := range []int64{paid, unpaid} {
		if n := len(f.esrv.SalesInvoicesByReference(sync.Reference(f.ordernum(id)))); n != 1 {
			t.Errorf("order %d has %d invoices, want 1", id, n)
		}
	}
	f.assertExactlyOnce(paid, unpaid)
}

func TestDocumentCarriesBuyerWarehouseCostCentreAndReverseCharge(t *testing.T) {
	f := newFixture(t)
	si := f.order(f.firma, 1, "Active", "Paid", hosting("100.00"), domain("sumi.si", "15.00"))
	de := f.order(f.eu, 1, "Active", "Paid")
	promo := f.shop.AddOrder(whmcstest.OrderSpec{ClientID: f.slovo, Date: f.now.AddDate(0, 0, -1), Status: "Active",
		Items: []whmcstest.Item{hosting("100.00")}, PromoCode: "SPRING10", PromoPercent: eur("10")})
	f.sync()
	doc := f.docsFor(si)[0]
	for field, want := range map[string]string{eracuni.FieldBuyerName: "Šumi & Co d.o.o.", eracuni.FieldBuyerTaxNumber: "SI12345678",
		eracuni.FieldBuyerCity: "Maribor", eracuni.FieldCostCentre: "WEB", eracuni.FieldWarehouse: "01"} {
		if got, _ := doc.Fields[field].(string); got != want {
			t.Errorf("sales order %s = %q, want %q", field, got, want)
		}
	}
	if len(doc.Items) != 2 {
		t.Errorf("sales order has %d items, want 2", len(doc.Items))
	}
	eu := f.docsFor(de)[0]
	if !strings.Contains(stringField(eu.Fields, eracuni.FieldRemarks), "196") {
		t.Errorf("EU business buyer: remarks %q, want the reverse-charge note", stringField(eu.Fields, eracuni.FieldRemarks))
	}
	for _, it := range eu.Items {
		if r := numberField(it, eracuni.ItemVATPercentage); r != "0" {
			t.Errorf("EU business buyer: VAT %q, want 0", r)
		}
	}
	pd := f.docsFor(promo)[0]
	total := eur("0")
	for _, it := range pd.Items {
		total = total.Add(eur(numberField(it, eracuni.ItemNetPrice)))
	}
	if !total.Equal(eur("90.00")) {
		t.Errorf("promo order: document total %s, want 90.00 (100.00 less 10 %%)", total)
	}
}

func stringField(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func numberField(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case interface{ String() string }:
		return v.String()
	}
	return ""
}
