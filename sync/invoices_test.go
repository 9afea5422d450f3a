package sync_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// importInvoices turns the invoice import on (paid invoices, as sales
// invoices, add funds left out), then applies change.
func (f *fixture) importInvoices(change func(*store.InvoiceImport)) {
	f.t.Helper()
	f.settings(func(s *store.Settings) {
		s.Invoices = store.InvoiceImport{Enabled: true}
		if change != nil {
			change(&s.Invoices)
		}
	})
}

func renewalLine(amount string) whmcstest.InvoiceLine {
	return whmcstest.InvoiceLine{Type: "Hosting", RelID: 88,
		Description: "Shared Hosting - Business - example.si (01/12/2026 - 30/11/2027)", Amount: eur(amount)}
}

func domainLine(amount string) whmcstest.InvoiceLine {
	return whmcstest.InvoiceLine{Type: "Domain", RelID: 41, Description: "Domain Renewal - example.si - 1 Year/s", Amount: eur(amount)}
}

// invoice adds an invoice without an order dated daysAgo days before now.
func (f *fixture) invoice(client int64, daysAgo int, status string, lines ...whmcstest.InvoiceLine) int64 {
	if len(lines) == 0 {
		lines = []whmcstest.InvoiceLine{renewalLine("100.00")}
	}
	return f.shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: client, Date: f.now.AddDate(0, 0, -daysAgo),
		Status: status, Lines: lines})
}

// invoiceDocs are the documents e-računi holds for a WHMCS invoice, of
// either kind, found by the id its reference carries.
func (f *fixture) invoiceDocs(id int64) []eracunitest.Stored {
	inv, ok := f.shop.Invoice(id)
	if !ok {
		f.t.Fatalf("no invoice %d", id)
	}
	refs := map[string]bool{sync.InvoiceReference("", id): true, sync.InvoiceReference(inv.Number, id): true}
	var out []eracunitest.Stored
	for _, d := range f.esrv.Documents() {
		if refs[d.Reference] {
			out = append(out, d)
		}
	}
	return out
}

func invoiceDecision(t *testing.T, p *sync.Plan, id int64) sync.Decision {
	t.Helper()
	for _, d := range p.Decisions {
		if d.IsInvoice() && d.OrderID == id {
			return d
		}
	}
	t.Fatalf("invoice %d is not in the plan (%d decisions)", id, len(p.Decisions))
	return sync.Decision{}
}

func noInvoiceDecision(t *testing.T, p *sync.Plan, id int64) {
	t.Helper()
	for _, d := range p.Decisions {
		if d.IsInvoice() && d.OrderID == id {
			t.Fatalf("invoice %d is in the plan as %s %q; it should not be", id, d.Action, d.Reason.String())
		}
	}
}

// assertInvoiceOnce checks the invoice has exactly one document and a done
// ledger entry.
func (f *fixture) assertInvoiceOnce(ids ...int64) {
	f.t.Helper()
	for _, id := range ids {
		if n := len(f.invoiceDocs(id)); n != 1 {
			f.t.Errorf("WHMCS invoice %d has %d documents in e-računi, want exactly 1", id, n)
		}
		en, ok, err := f.db.Entry(store.KindInvoice, id)
		if err != nil || !ok || en.State != store.StateDone {
			f.t.Errorf("ledger for invoice %d: %+v ok=%v err=%v, want done", id, en, ok, err)
		}
	}
}

func (f *fixture) whmcsInvoice(id int64) whmcstest.Invoice {
	inv, ok := f.shop.Invoice(id)
	if !ok {
		f.t.Fatalf("no invoice %d", id)
	}
	return inv
}

func TestRenewalsAndManualInvoicesBecomeSalesInvoices(t *testing.T) {
	f := newFixture(t)
	order := f.order(f.slovo, 5, "Active", "Paid")
	renewal := f.invoice(f.firma, 3, "Paid")
	manual := f.invoice(f.slovo, 2, "Paid", whmcstest.InvoiceLine{Description: "Website migration (2 hours)", Amount: eur("80.00")})
	f.importInvoices(nil)

	p := f.sync()
	if d := decisionFor(t, p, order); d.Action != sync.ActionCreate || d.IsInvoice() {
		t.Fatalf("order: %s %v", d.Action, d.IsInvoice())
	}
	o, _ := f.shop.Order(order)
	if d := invoiceDecision(t, p, o.InvoiceID); d.Action != sync.ActionSkip ||
		!strings.Contains(d.Reason.String(), "Belongs to WHMCS order "+f.ordernum(order)) {
		t.Fatalf("the order's invoice: %s %q, want skipped as the order's", d.Action, d.Reason.String())
	}
	for _, id := range []int64{renewal, manual} {
		d := invoiceDecision(t, p, id)
		if d.Action != sync.ActionCreate || d.DocumentType != sync.DocumentSalesInvoice || d.DocumentNumber == "" {
			t.Fatalf("invoice %d: %s %s %q", id, d.Action, d.DocumentType, d.Reason.String())
		}
		docs := f.invoiceDocs(id)
		if len(docs) != 1 || docs[0].Kind != eracunitest.KindSalesInvoice {
			t.Fatalf("invoice %d: %d documents %+v, want one sales invoice", id, len(docs), docs)
		}
		inv := f.whmcsInvoice(id)
		if docs[0].Reference != sync.InvoiceReference(inv.Number, id) || !strings.Contains(docs[0].Reference, inv.Number) {
			t.Errorf("reference %q, want the WHMCS invoice number %s and id %d", docs[0].Reference, inv.Number, id)
		}
		if got := docs[0].Total(); !got.Equal(inv.Total) {
			t.Errorf("invoice %d: e-računi total %s, WHMCS total %s", id, got, inv.Total)
		}
		fields := docs[0].Fields
		if fields[eracuni.FieldWarehouse] != "01" || fields[eracuni.FieldCostCentre] != "WEB" ||
			fields[eracuni.FieldCurrency] != "EUR" || fields[eracuni.FieldPaymentMethod] != "BankTransfer" ||
			fields[eracuni.FieldDocumentLanguage] != "Slovene" {
			t.Errorf("invoice %d: warehouse, cost centre, currency, payment or language missing: %v", id, fields)
		}
	}
	if n := len(f.docsFor(order)); n != 1 {
		t.Fatalf("order has %d sales orders", n)
	}
	if n := len(f.invoiceDocs(o.InvoiceID)); n != 0 {
		t.Fatalf("the order's own invoice was imported %d times as an invoice", n)
	}
	if f.esrv.Calls(eracuni.MethodSalesInvoiceCreate) != 2 {
		t.Fatalf("%d sales invoices created, want 2", f.esrv.Calls(eracuni.MethodSalesInvoiceCreate))
	}
	// History keeps the kind of each line.
	r, err := f.db.Run(p.RunID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ro := range r.Orders {
		kinds[ro.Kind]++
	}
	if kinds[store.KindOrder] != 1 || kinds[store.KindInvoice] != 3 {
		t.Fatalf("history kinds %v, want 1 order and 3 invoices", kinds)
	}
	// A second run creates nothing.
	p = f.sync()
	if p.Counts.Created != 0 {
		t.Fatalf("second run created %d", p.Counts.Created)
	}
	f.assertInvoiceOnce(renewal, manual)
}

func TestInvoiceStatusAndKindRules(t *testing.T) {
	f := newFixture(t)
	paid := f.invoice(f.slovo, 3, "Paid")
	unpaid := f.invoice(f.slovo, 3, "Unpaid")
	draft := f.invoice(f.slovo, 3, "Draft")
	cancelled := f.invoice(f.slovo, 3, "Cancelled")
	refunded := f.invoice(f.slovo, 3, "Refunded")
	old := f.invoice(f.slovo, 40, "Paid") // before the start date 2026-11-01
	addFunds := f.invoice(f.slovo, 2, "Paid", whmcstest.InvoiceLine{Type: "AddFunds", Description: "Add Funds", Amount: eur("50.00"), Untaxed: true})
	owed1 := f.invoice(f.firma, 2, "Unpaid", renewalLine("10.00"))
	owed2 := f.invoice(f.firma, 2, "Unpaid", domainLine("14.90"))
	mass := f.shop.AddMassPayment(f.firma, f.now.AddDate(0, 0, -1), "Paid", owed1, owed2)
	f.importInvoices(nil)

	p := f.preview()
	want := map[int64]struct {
		action sync.Action
		reason string
	}{
		paid:      {sync.ActionCreate, "A sales invoice will be created"},
		unpaid:    {sync.ActionSkip, "Not paid yet"},
		draft:     {sync.ActionSkip, "A draft in WHMCS"},
		cancelled: {sync.ActionSkip, "Cancelled in WHMCS"},
		refunded:  {sync.ActionSkip, "Refunded in WHMCS before it was imported"},
		addFunds:  {sync.ActionSkip, "An add-funds invoice"},
		mass:      {sync.ActionSkip, "A mass payment of invoices"},
		owed1:     {sync.ActionCreate, "A sales invoice will be created"},
		owed2:     {sync.ActionCreate, "A sales invoice will be created"},
	}
	for id, w := range want {
		d := invoiceDecision(t, p, id)
		if d.Action != w.action || !strings.Contains(d.Reason.String(), w.reason) {
			t.Errorf("invoice %d (%s): %s %q, want %s %q", id, f.whmcsInvoice(id).Status, d.Action, d.Reason.String(), w.action, w.reason)
		}
	}
	noInvoiceDecision(t, p, old)
	if d := invoiceDecision(t, p, mass); !strings.Contains(d.Reason.String(), "1008, 1009") &&
		!strings.Contains(d.Reason.String(), itoa(owed1)+", "+itoa(owed2)) {
		t.Errorf("the mass payment does not name the invoices it pays: %q", d.Reason.String())
	}
	if n := len(f.esrv.Documents()); n != 0 {
		t.Fatalf("the preview wrote %d documents", n)
	}

	// The options: unpaid invoices and add funds too.
	f.importInvoices(func(i *store.InvoiceImport) { i.IncludeUnpaid, i.IncludeAddFunds = true, true })
	p = f.sync()
	for _, id := range []int64{paid, unpaid, addFunds, owed1, owed2} {
		if d := invoiceDecision(t, p, id); d.Action != sync.ActionCreate {
			t.Errorf("with unpaid and add funds on, invoice %d: %s %q", id, d.Action, d.Reason.String())
		}
	}
	if d := invoiceDecision(t, p, mass); d.Action != sync.ActionSkip {
		t.Errorf("a mass payment is never imported: %s", d.Action)
	}
	f.assertInvoiceOnce(paid, unpaid, addFunds, owed1, owed2)
}

func TestUnpaidInvoicePaidLaterIsPickedUpWithItsNumber(t *testing.T) {
	f := newFixture(t)
	id := f.invoice(f.slovo, 2, "Unpaid")
	f.importInvoices(nil)
	if d := invoiceDecision(t, f.sync(), id); d.Action != sync.ActionSkip || d.OrderNum != itoa(id) {
		t.Fatalf("unpaid: %s, named %q (want its id while unnumbered)", d.Action, d.OrderNum)
	}
	f.shop.SetInvoiceStatus(id, "Paid")
	d := invoiceDecision(t, f.sync(), id)
	inv := f.whmcsInvoice(id)
	if d.Action != sync.ActionCreate || inv.Number == "" || d.OrderNum != inv.Number {
		t.Fatalf("paid later: %s, named %q, WHMCS number %q", d.Action, d.OrderNum, inv.Number)
	}
	f.assertInvoiceOnce(id)
	if ref := f.invoiceDocs(id)[0].Reference; ref != "WHMCS invoice "+inv.Number+" (id "+itoa(id)+")" {
		t.Fatalf("reference %q", ref)
	}
}

// totalsCase is one invoice whose e-računi total must equal WHMCS's.
type totalsCase struct {
	name   string
	client func(f *fixture) int64
	lines  []whmcstest.InvoiceLine
	credit string
}

var totalsCases = []totalsCase{
	{"one line", func(f *fixture) int64 { return f.slovo }, []whmcstest.InvoiceLine{renewalLine("99.99")}, ""},
	{"promo line", func(f *fixture) int64 { return f.slovo }, []whmcstest.InvoiceLine{renewalLine("149.00"),
		{Type: "PromoHosting", RelID: 88, Description: "Promotional Code: LOYAL10 - 10% Recurring Discount", Amount: eur("-14.90")}}, ""},
	{"credit applied", func(f *fixture) int64 { return f.firma }, []whmcstest.InvoiceLine{renewalLine("36.00"), domainLine("14.90")}, "5.00"},
	{"promo, credit, untaxed line", func(f *fixture) int64 { return f.slovo }, []whmcstest.InvoiceLine{renewalLine("4.99"),
		{Type: "PromoHosting", RelID: 88, Description: "Promotional Code: LOYAL10", Amount: eur("-0.50")},
		{Description: "Late fee", Amount: eur("3.33"), Untaxed: true}}, "1.07"},
	{"cents that round", func(f *fixture) int64 { return f.slovo }, []whmcstest.InvoiceLine{
		{Type: "Addon", Description: "Daily Backup", Amount: eur("0.03")}, {Type: "Addon", Description: "Dedicated IP", Amount: eur("0.03")},
		{Type: "Addon", Description: "SSL", Amount: eur("2.77")}}, ""},
	{"German company, 19 %", func(f *fixture) int64 { return f.eu }, []whmcstest.InvoiceLine{renewalLine("54.00")}, "0.01"},
	{"paid entirely from credit", func(f *fixture) int64 { return f.slovo }, []whmcstest.InvoiceLine{domainLine("10.00")}, "12.20"},
}

func TestInvoiceTotalsMatchToTheCentInBothTaxModes(t *testing.T) {
	for _, inclusive := range []bool{false, true} {
		mode := "exclusive"
		if inclusive {
			mode = "inclusive"
		}
		t.Run(mode, func(t *testing.T) {
			f := newFixture(t)
			f.shop.SetTaxInclusive(inclusive)
			ids := map[string]int64{}
			for _, c := range totalsCases {
				credit := decimal.Zero
				if c.credit != "" {
					credit = eur(c.credit)
				}
				ids[c.name] = f.shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: c.client(f), Date: f.now.AddDate(0, 0, -1),
					Status: "Paid", Lines: c.lines, Credit: credit})
			}
			f.importInvoices(nil)
			p := f.sync()
			for _, c := range totalsCases {
				id := ids[c.name]
				inv := f.whmcsInvoice(id)
				d := invoiceDecision(t, p, id)
				if d.Action != sync.ActionCreate || len(d.Flags) != 0 {
					t.Errorf("%s: %s %q flags %v", c.name, d.Action, d.Reason.String(), d.Flags)
					continue
				}
				docs := f.invoiceDocs(id)
				if len(docs) != 1 {
					t.Fatalf("%s: %d documents", c.name, len(docs))
				}
				if got := docs[0].Total(); !got.Equal(inv.Total) {
					t.Errorf("%s: e-računi total %s, WHMCS total %s (subtotal %s, tax %s, credit %s)",
						c.name, got, inv.Total, inv.Subtotal, inv.Tax, inv.Credit)
				}
				priceKey, other := eracuni.ItemNetPrice, eracuni.ItemGrossPrice
				if inclusive {
					priceKey, other = other, priceKey
				}
				for _, it := range docs[0].Items {
					if _, ok := it[priceKey]; !ok || it[other] != nil {
						t.Errorf("%s: item %v, want %s in %s mode", c.name, it, priceKey, mode)
					}
				}
				if inclusive && inv.Tax.IsPositive() {
					sum := decimal.Zero
					for _, it := range inv.Items {
						sum = sum.Add(it.Amount)
					}
					if sum.Equal(inv.Subtotal) {
						t.Errorf("%s: the double's inclusive invoice has items adding up to the subtotal", c.name)
					}
				}
			}
		})
	}
}

func TestInvoiceWhoseTotalWouldNotMatchIsFlaggedNotSent(t *testing.T) {
	f := newFixture(t)
	f.shop.SetTaxPerLineItem(true) // WHMCS rounds the tax of each line: 0.01 + 0.01, not 0.01
	id := f.invoice(f.slovo, 1, "Paid", whmcstest.InvoiceLine{Type: "Addon", Description: "A", Amount: eur("0.03")},
		whmcstest.InvoiceLine{Type: "Addon", Description: "B", Amount: eur("0.03")})
	fine := f.invoice(f.slovo, 1, "Paid")
	f.importInvoices(nil)
	p := f.preview()
	d := invoiceDecision(t, p, id)
	if d.Action != sync.ActionSkip || len(d.Flags) != 1 || d.Flags[0].Kind != sync.FlagTotalMismatch ||
		!strings.Contains(d.Reason.String(), "0.07 EUR") || !strings.Contains(d.Reason.String(), "0.08 EUR") {
		t.Fatalf("mismatch: %s %q flags %+v", d.Action, d.Reason.String(), d.Flags)
	}
	if d.Document == nil {
		t.Fatal("the flagged invoice's document is not shown")
	}
	if p.Counts.Flagged != 1 {
		t.Fatalf("counts %+v, want one flagged", p.Counts)
	}
	p = f.sync()
	if f.esrv.Calls(eracuni.MethodSalesInvoiceCreate) != 1 || len(f.invoiceDocs(id)) != 0 {
		t.Fatalf("%d creates, %d documents for the mismatched invoice: it must not be sent", f.esrv.Calls(eracuni.MethodSalesInvoiceCreate), len(f.invoiceDocs(id)))
	}
	f.assertInvoiceOnce(fine)
	r, _ := f.db.Run(p.RunID)
	var flagged bool
	for _, o := range r.Orders {
		if o.Kind == store.KindInvoice && o.ID == id && len(o.Flags) == 1 && o.Flags[0].Kind == "total_mismatch" {
			flagged = true
		}
	}
	if !flagged || r.Flagged != 1 {
		t.Fatalf("the history does not keep the flag: %+v", r)
	}
}

func TestOrderWhoseTotalDiffersFromItsInvoiceIsFlagged(t *testing.T) {
	f := newFixture(t)
	hr := f.shop.AddClient(whmcstest.Client{FirstName: "Ivana", LastName: "Horvat", Email: "ivana@example.hr",
		Address1: "Ilica 1", City: "Zagreb", PostCode: "10000", Country: "HR"})
	croatian := f.order(hr, 1, "Active", "Paid") // WHMCS charges 25 %, the sales order 22 %
	slovene := f.order(f.slovo, 1, "Active", "Paid")

	// Off: the order flow is as it was, and nothing is compared.
	if d := decisionFor(t, f.preview(), croatian); len(d.Flags) != 0 {
		t.Fatalf("with the invoice import off an order was flagged: %+v", d.Flags)
	}
	if n := f.wsrv.Calls("GetInvoices") + f.wsrv.Calls("GetInvoice"); n != 0 {
		t.Fatalf("%d invoice calls with the import off", n)
	}
	f.importInvoices(nil)
	p := f.sync()
	d := decisionFor(t, p, croatian)
	if d.Action != sync.ActionCreate || len(d.Flags) != 1 || d.Flags[0].Kind != sync.FlagTotalMismatch ||
		!strings.Contains(d.Flags[0].Message.String(), "125.00 EUR") || !strings.Contains(d.Flags[0].Message.String(), "122.00 EUR") {
		t.Fatalf("croatian order: %s flags %+v", d.Action, d.Flags)
	}
	if d := decisionFor(t, p, slovene); len(d.Flags) != 0 {
		t.Fatalf("an order that matches its invoice was flagged: %+v", d.Flags)
	}
	f.assertExactlyOnce(croatian, slovene)
}

func TestInvoiceImportOffChangesNothing(t *testing.T) {
	run := func(shop *whmcstest.Shop) (*sync.Plan, int, map[string]int) {
		f := newFixtureWithShop(t, shop)
		p := f.sync()
		calls := map[string]int{}
		for _, m := range []string{eracuni.MethodSalesOrderCreate, eracuni.MethodSalesOrderList, eracuni.MethodSalesInvoiceList,
			eracuni.MethodSalesInvoiceCreate, eracuni.MethodSalesOrderCreateInvoice} {
			calls[m] = f.esrv.Calls(m)
		}
		if f.wsrv.Calls("GetInvoices") != 0 || f.wsrv.Calls("GetInvoice") != 0 {
			t.Fatalf("invoice calls with the import off: %d GetInvoices, %d GetInvoice", f.wsrv.Calls("GetInvoices"), f.wsrv.Calls("GetInvoice"))
		}
		return p, f.wsrv.TotalCalls(), calls
	}
	plain, wPlain, ePlain := run(whmcstest.Generate(5, 12, 60, testNow))
	renewed, wRenewed, eRenewed := run(whmcstest.GenerateWithRenewals(5, 12, 60, 80, testNow))
	if wPlain != wRenewed {
		t.Errorf("WHMCS calls %d without renewals, %d with them", wPlain, wRenewed)
	}
	for m, n := range ePlain {
		if eRenewed[m] != n {
			t.Errorf("%s: %d calls without renewals, %d with them", m, n, eRenewed[m])
		}
	}
	if len(plain.Decisions) != len(renewed.Decisions) || plain.Counts != renewed.Counts {
		t.Fatalf("plans differ: %+v vs %+v", plain.Counts, renewed.Counts)
	}
	for i := range plain.Decisions {
		a, b := plain.Decisions[i], renewed.Decisions[i]
		if a.IsInvoice() || b.IsInvoice() || a.OrderNum != b.OrderNum || a.Action != b.Action || a.Reason.String() != b.Reason.String() {
			t.Errorf("decision %d: %s %s %q vs %s %s %q", i, a.OrderNum, a.Action, a.Reason.String(), b.OrderNum, b.Action, b.Reason.String())
		}
	}
}

func TestAnOrdersInvoiceIsNeverImportedOnItsOwn(t *testing.T) {
	f := newFixture(t)
	var orders []int64
	for i := 0; i < 25; i++ { // three pages of ten
		orders = append(orders, f.order(f.slovo, 20, "Active", "Paid"))
	}
	fraud := f.order(f.firma, 19, "Fraud", "Paid")
	f.sync()
	// A data file from before the invoice import knew nothing of the
	// orders' invoices: forget them.
	var es []store.Entry
	if err := f.db.Entries(store.KindOrder, func(en store.Entry) bool {
		en.WHMCSInvoiceID = 0
		es = append(es, en)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.PutEntries(es); err != nil {
		t.Fatal(err)
	}
	renewal := f.invoice(f.slovo, 1, "Paid")
	f.importInvoices(nil)
	p := f.sync()
	for _, id := range append(orders, fraud) {
		o, _ := f.shop.Order(id)
		if d := invoiceDecision(t, p, o.InvoiceID); d.Action != sync.ActionSkip || !strings.Contains(d.Reason.String(), "Belongs to WHMCS order") {
			t.Fatalf("invoice %d of order %d: %s %q", o.InvoiceID, id, d.Action, d.Reason.String())
		}
	}
	f.assertInvoiceOnce(renewal)

	// Later runs read orders incrementally; the invoices are still known.
	late := f.invoice(f.firma, 0, "Paid")
	f.settings(func(s *store.Settings) { s.Invoices.IncludeUnpaid = true }) // the invoice scan reads everything again
	p = f.sync()
	if n := f.wsrv.Forms("GetOrders"); len(n) == 0 {
		t.Fatal("no orders read")
	}
	for _, id := range orders {
		o, _ := f.shop.Order(id)
		if len(f.invoiceDocs(o.InvoiceID)) != 0 {
			t.Fatalf("order %d's invoice was imported as an invoice", id)
		}
	}
	if d := invoiceDecision(t, p, late); d.Action != sync.ActionCreate {
		t.Fatalf("new renewal: %s", d.Action)
	}
	f.assertExactlyOnce(orders...)
	f.assertInvoiceOnce(renewal, late)
}

func TestAmbiguousInvoiceCreateIsLookedUpNotSentAgain(t *testing.T) {
	f := newFixture(t)
	a := f.invoice(f.slovo, 2, "Paid")
	b := f.invoice(f.firma, 1, "Paid")
	f.importInvoices(nil)
	f.esrv.Fault(eracuni.MethodSalesInvoiceCreate, 1, eracunitest.DropAfterStore)
	p := f.sync()
	if p.Counts.Created != 2 || p.Counts.Failed != 0 {
		t.Fatalf("counts %+v: the lost answer must be resolved by a look-up in the same run", p.Counts)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesInvoiceCreate); n != 2 {
		t.Fatalf("%d create calls, want 2: the invoice whose answer was lost must not be sent again", n)
	}
	f.sync()
	f.assertInvoiceOnce(a, b)
}

func TestAmbiguousInvoiceCreateLeftPendingIsResolvedOnTheNextRun(t *testing.T) {
	f := newFixture(t)
	a := f.invoice(f.slovo, 1, "Paid")
	f.importInvoices(nil)
	f.sync() // the first run with the import on: nothing to lose yet
	b := f.invoice(f.firma, 0, "Paid")
	lists := f.esrv.Calls(eracuni.MethodSalesInvoiceList)
	f.esrv.Fault(eracuni.MethodSalesInvoiceCreate, 2, eracunitest.DropAfterStore)
	for call := lists + 2; call <= lists+6; call++ {
		f.esrv.Fault(eracuni.MethodSalesInvoiceList, call, eracunitest.Drop)
	}
	p := f.sync()
	d := invoiceDecision(t, p, b)
	if d.Action != sync.ActionFail || !eracuni.IsKind(d.Err, eracuni.KindOutcomeUnknown) {
		t.Fatalf("first run: %s %v, want a failure with an unknown outcome", d.Action, d.Err)
	}
	if en, _, _ := f.db.Entry(store.KindInvoice, b); en.State != store.StatePending {
		t.Fatalf("ledger %s, want pending until it is looked up", en.State)
	}
	f.esrv.ClearFaults()
	p = f.sync()
	if d := invoiceDecision(t, p, b); d.Action != sync.ActionAlready {
		t.Fatalf("second run: %s %q, want already (found by its reference)", d.Action, d.Reason.String())
	}
	if n := f.esrv.Calls(eracuni.MethodSalesInvoiceCreate); n != 2 {
		t.Fatalf("%d create calls in all, want 2", n)
	}
	f.assertInvoiceOnce(a, b)
}

func TestFreshDataFolderFindsImportedInvoices(t *testing.T) {
	f := newFixture(t)
	ids := []int64{f.invoice(f.slovo, 3, "Paid"), f.invoice(f.firma, 2, "Paid"), f.invoice(f.eu, 1, "Paid")}
	order := f.order(f.slovo, 2, "Active", "Paid")
	f.importInvoices(nil)
	f.sync()
	f.db.Close()
	if err := os.Remove(f.db.Path()); err != nil {
		t.Fatal(err)
	}
	f.open()
	// Even imported as sales orders now, what exists as sales invoices is found.
	f.importInvoices(func(i *store.InvoiceImport) { i.AsSalesOrders = true })
	creates := f.esrv.Calls(eracuni.MethodSalesInvoiceCreate) + f.esrv.Calls(eracuni.MethodSalesOrderCreate)
	p := f.sync()
	if p.Counts.Created != 0 || p.Counts.Already != 4 {
		t.Fatalf("after the data file was deleted: %+v, want 4 already and nothing created", p.Counts)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesInvoiceCreate) + f.esrv.Calls(eracuni.MethodSalesOrderCreate) - creates; n != 0 {
		t.Fatalf("%d documents created again", n)
	}
	for _, id := range ids {
		if d := invoiceDecision(t, p, id); d.DocumentNumber == "" || d.DocumentType != sync.DocumentSalesInvoice {
			t.Fatalf("invoice %d: %q %s", id, d.DocumentNumber, d.DocumentType)
		}
	}
	f.assertInvoiceOnce(ids...)
	f.assertExactlyOnce(order)
}

func TestInvoicesAsSalesOrdersShareTheOrdersLookUp(t *testing.T) {
	f := newFixture(t)
	f.importInvoices(func(i *store.InvoiceImport) { i.AsSalesOrders = true })
	f.sync() // the first run reads both lists once
	order := f.order(f.slovo, 1, "Active", "Paid")
	inv := f.invoice(f.firma, 1, "Paid")
	lists := f.esrv.Calls(eracuni.MethodSalesOrderList) + f.esrv.Calls(eracuni.MethodSalesInvoiceList)
	p := f.sync()
	if d := invoiceDecision(t, p, inv); d.Action != sync.ActionCreate || d.DocumentType != sync.DocumentSalesOrder {
		t.Fatalf("invoice: %s %s", d.Action, d.DocumentType)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderList) + f.esrv.Calls(eracuni.MethodSalesInvoiceList) - lists; n != 1 {
		t.Fatalf("%d list calls for an order and an invoice, want one", n)
	}
	docs := f.invoiceDocs(inv)
	if len(docs) != 1 || docs[0].Kind != eracunitest.KindSalesOrder || !docs[0].Total().Equal(f.whmcsInvoice(inv).Total) {
		t.Fatalf("documents %+v", docs)
	}
	f.assertExactlyOnce(order)
}

func TestRefundsAndCancellationsAfterImportAreFlaggedNeverChanged(t *testing.T) {
	f := newFixture(t)
	renewal := f.invoice(f.slovo, 3, "Paid")
	unpaid := f.invoice(f.firma, 3, "Unpaid")
	order := f.order(f.eu, 3, "Active", "Paid")
	f.importInvoices(func(i *store.InvoiceImport) { i.IncludeUnpaid = true })
	f.sync()
	before := f.esrv.Documents()

	f.shop.SetInvoiceStatus(renewal, "Refunded")
	f.shop.SetInvoiceStatus(unpaid, "Cancelled")
	o, _ := f.shop.Order(order)
	f.shop.SetInvoiceStatus(o.InvoiceID, "Refunded")
	writes := func() int {
		return f.esrv.Calls(eracuni.MethodSalesInvoiceCreate) + f.esrv.Calls(eracuni.MethodSalesOrderCreate) +
			f.esrv.Calls(eracuni.MethodSalesOrderCreateInvoice)
	}
	w := writes()
	p := f.preview()
	check := func(d sync.Decision, kind sync.FlagKind, words string) {
		t.Helper()
		if d.Action != sync.ActionAlready || len(d.Flags) != 1 || d.Flags[0].Kind != kind ||
			!strings.Contains(d.Flags[0].Message.String(), words) || !strings.Contains(d.Flags[0].Message.String(), d.DocumentNumber) {
			t.Fatalf("%s %d: %s flags %+v", d.Kind, d.OrderID, d.Action, d.Flags)
		}
	}
	check(invoiceDecision(t, p, renewal), sync.FlagCreditNote, "issue a credit note")
	check(invoiceDecision(t, p, unpaid), sync.FlagCancellation, "cancel or credit it")
	check(decisionFor(t, p, order), sync.FlagCreditNote, "issue a credit note")
	if p.Counts.Flagged != 3 {
		t.Fatalf("counts %+v, want 3 flagged", p.Counts)
	}
	p = f.sync()
	if p.Counts.Flagged != 3 {
		t.Fatalf("the sync after the preview: %+v, want the same 3 flagged", p.Counts)
	}
	if writes() != w {
		t.Fatalf("%d write calls: nothing may change in e-računi", writes()-w)
	}
	after := f.esrv.Documents()
	if len(after) != len(before) {
		t.Fatalf("%d documents before, %d after", len(before), len(after))
	}
	for i := range before {
		if before[i].DocumentID != after[i].DocumentID || before[i].Reference != after[i].Reference ||
			!before[i].Total().Equal(after[i].Total()) {
			t.Fatalf("document %d changed: %+v -> %+v", i, before[i], after[i])
		}
	}
	// Said once, then kept in the history, not repeated on every run.
	if p := f.sync(); p.Counts.Flagged != 0 {
		t.Fatalf("the next run flags %d again", p.Counts.Flagged)
	}
}

func TestNoChangeInvoiceRunIsCheap(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 25; i++ {
		f.invoice(f.slovo, 5, "Paid")
	}
	f.importInvoices(nil)
	f.sync()
	wBefore := len(f.wsrv.Forms("GetInvoices"))
	eBefore := f.esrv.Calls("")
	p := f.sync()
	if p.Counts.Created != 0 {
		t.Fatalf("a no-change run created %d", p.Counts.Created)
	}
	var scan, watch int
	for _, form := range f.wsrv.Forms("GetInvoices")[wBefore:] {
		if form.Get("orderby") != "id" || form.Get("order") != "desc" {
			t.Fatalf("GetInvoices without a stable order: %v", form)
		}
		if form.Get("status") == "" {
			scan++
		} else {
			watch++
		}
	}
	if scan != 1 || watch != 2 {
		t.Fatalf("a no-change run read %d pages of invoices and %d pages of refunds, want 1 and 2", scan, watch)
	}
	if n := f.esrv.Calls("") - eBefore; n != 0 {
		t.Fatalf("a no-change run made %d e-računi calls", n)
	}
	if f.wsrv.Calls("GetInvoice") != 25 {
		t.Fatalf("%d GetInvoice calls, want one per imported invoice", f.wsrv.Calls("GetInvoice"))
	}
}

func TestApplyCreatesThePreviewedInvoicesOnly(t *testing.T) {
	f := newFixture(t)
	shown := f.invoice(f.slovo, 1, "Paid")
	f.importInvoices(nil)
	pv := f.preview()
	late := f.invoice(f.firma, 0, "Paid")
	p, err := f.eng.Apply(context.Background(), pv, sync.TriggerManual, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := invoiceDecision(t, p, shown); d.Action != sync.ActionCreate {
		t.Fatalf("previewed: %s", d.Action)
	}
	if d := invoiceDecision(t, p, late); d.Action != sync.ActionSkip || len(f.invoiceDocs(late)) != 0 {
		t.Fatalf("arrived after the preview: %s", d.Action)
	}
	f.sync()
	f.assertInvoiceOnce(shown, late)
}

func TestCheckForNeedsInvoicePermissionsOnlyWhenOn(t *testing.T) {
	f := newFixture(t)
	f.shop.AddCredential("orders-role", "pw", "GetOrders", "GetClientsDetails")
	wh := newWHMCSAPI(t, f, "orders-role", "pw")
	s, _, _ := f.db.Settings()
	if r := sync.CheckFor(context.Background(), s, wh, f.er); !r.OK() || len(r.WHMCS) != 3 {
		t.Fatalf("off: %+v", r)
	}
	s.Invoices.Enabled = true
	r := sync.CheckFor(context.Background(), s, wh, f.er)
	if r.OK() {
		t.Fatal("on: a role without GetInvoices passes the check")
	}
	var names []string
	for _, c := range r.WHMCS {
		if c.Required && !c.Allowed {
			names = append(names, c.Action)
		}
	}
	if strings.Join(names, ",") != "GetInvoice,GetInvoices" {
		t.Fatalf("missing required actions %v", names)
	}
}

func itoa(n int64) string { return decimal.NewFromInt(n).String() }

func TestExemptEUBusinessInvoiceIsAReverseCharge(t *testing.T) {
	f := newFixture(t)
	exempt := f.shop.AddClient(whmcstest.Client{FirstName: "Hans", LastName: "Gruber", CompanyName: "Gruber GmbH",
		Address1: "Herrengasse 1", City: "Graz", PostCode: "8010", Country: "AT", TaxID: "ATU12345678", TaxExempt: true})
	id := f.invoice(exempt, 1, "Paid", renewalLine("149.00"))
	f.importInvoices(nil)
	f.sync()
	docs := f.invoiceDocs(id)
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	if d.Fields[eracuni.FieldRemarks] == nil || !strings.Contains(d.Fields[eracuni.FieldRemarks].(string), "196") ||
		d.Fields[eracuni.FieldBuyerTaxNumber] != "ATU12345678" {
		t.Errorf("no reverse-charge note or VAT number: %v", d.Fields)
	}
	for _, it := range d.Items {
		if it[eracuni.ItemVATTransactionType] != eracuni.VATTransactionReverseCharge || it[eracuni.ItemVATPercentage].(interface{ String() string }).String() != "0" {
			t.Errorf("item %v is not a 0 %% reverse charge", it)
		}
	}
	if !d.Total().Equal(eur("149.00")) || !f.whmcsInvoice(id).Total.Equal(eur("149.00")) {
		t.Errorf("total %s, WHMCS %s", d.Total(), f.whmcsInvoice(id).Total)
	}
}
