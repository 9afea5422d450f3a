package whmcs

import (
	"slices"
	"strconv"
	"testing"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func collectInvoices(t testing.TB, a *API, f InvoiceFilter) ([]InvoiceSummary, error) {
	t.Helper()
	var out []InvoiceSummary
	for inv, err := range a.Invoices(ctx, f) {
		if err != nil {
			return out, err
		}
		out = append(out, inv)
	}
	return out, nil
}

func TestInvoicesReadsAllPagesNewestFirstInAStableOrder(t *testing.T) {
	shop := whmcstest.GenerateWithRenewals(50, 10, 40, 60, testNow)
	srv := serve(t, shop)
	got, err := collectInvoices(t, newAPI(t, srv, func(c *Config) { c.PageSize = 25 }), InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all := shop.Invoices()
	if len(got) != len(all) {
		t.Fatalf("%d invoices, want %d", len(got), len(all))
	}
	if !slices.IsSortedFunc(got, func(a, b InvoiceSummary) int { return int(b.ID - a.ID) }) {
		t.Fatal("not newest first")
	}
	forms := srv.Forms("GetInvoices")
	if len(forms) != (len(all)+24)/25 {
		t.Errorf("%d pages for %d invoices", len(forms), len(all))
	}
	for i, f := range forms {
		if f.Get("orderby") != "id" || f.Get("order") != "desc" || f.Get("limitnum") != "25" || f.Get("limitstart") != strconv.Itoa(i*25) {
			t.Errorf("page %d asked %v", i+1, f)
		}
	}
	// Fields follow the shop.
	want := all[len(all)-1]
	inv := got[0]
	c, _ := shop.Client(want.ClientID)
	if inv.ID != want.ID || inv.Number != want.Number || inv.ClientID != want.ClientID || inv.Status != want.Status ||
		!inv.Total.Equal(want.Total) || !inv.Subtotal.Equal(want.Subtotal) || !inv.Tax.Equal(want.Tax) ||
		!inv.Credit.Equal(want.Credit) || !inv.TaxRate.Equal(want.TaxRate) || inv.CurrencyCode == "" ||
		!inv.Date.Equal(want.Date) || inv.DatePaid.IsZero() != want.DatePaid.IsZero() || inv.LastName != c.LastName {
		t.Errorf("decoded %+v\nwant %+v", inv, want)
	}
}

func TestInvoicesEmptyFilteredAnd7x(t *testing.T) {
	shop := whmcstest.NewShop()
	srv := serve(t, shop)
	a := newAPI(t, srv)
	if got, err := collectInvoices(t, a, InvoiceFilter{}); err != nil || len(got) != 0 {
		t.Fatalf("empty shop (\"invoices\":[]): %v %v", got, err)
	}
	c := shop.AddClient(whmcstest.Client{FirstName: "Žiga", LastName: "Čeh", CompanyName: "Šumi &amp; Co", Country: "SI"})
	for _, st := range []string{"Paid", "Refunded", "Unpaid", "Refunded"} {
		shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: c, Date: testNow, Status: st,
			Lines: []whmcstest.InvoiceLine{{Type: "Hosting", Description: "x", Amount: dec("10.00")}}})
	}
	shop.SetAllStrings(true) // WHMCS 7.x: strings everywhere, numreturned = the full count
	a = newAPI(t, srv, func(c *Config) { c.PageSize = 1 })
	calls := srv.Calls("GetInvoices")
	got, err := collectInvoices(t, a, InvoiceFilter{Status: "Refunded"})
	if err != nil || len(got) != 2 || got[0].Status != "Refunded" || got[0].ID < got[1].ID {
		t.Fatalf("refunded: %+v %v", got, err)
	}
	if got[0].ClientName() != "Šumi & Co" || !got[0].Total.Equal(dec("12.20")) {
		t.Errorf("7.x row: %+v", got[0])
	}
	if n := srv.Calls("GetInvoices") - calls; n != 2 {
		t.Errorf("%d calls for 2 invoices in pages of 1, want 2: the count says when to stop", n)
	}
}

func TestInvoicesCreatedDuringTheScanAreNeitherDuplicatedNorLost(t *testing.T) {
	shop := whmcstest.GenerateWithRenewals(51, 5, 20, 40, testNow)
	before := shop.Invoices()
	srv := serve(t, shop)
	client := shop.Clients()[0].ID
	srv.SetBeforeCall(func(action string, call int) {
		if action == "GetInvoices" && call > 1 {
			for range 3 {
				shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: client})
			}
		}
	})
	got, err := collectInvoices(t, newAPI(t, srv, func(c *Config) { c.PageSize = 10 }), InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := countYields(t, "invoice", got, func(inv InvoiceSummary) int64 { return inv.ID })
	for _, inv := range before {
		if seen[inv.ID] != 1 {
			t.Errorf("invoice %d lost", inv.ID)
		}
	}
}

func TestCheckAccessForInvoices(t *testing.T) {
	shop := whmcstest.Generate(43, 2, 2, testNow)
	shop.AddCredential("orders", "pw", "GetOrders", "GetClientsDetails")
	srv := serve(t, shop)
	a := newAPI(t, srv, func(c *Config) { c.Identifier, c.Secret = "orders", "pw" })
	off := a.CheckAccessFor(ctx, false)
	if len(off) != 3 || off[2].Required || srv.Calls("GetInvoices") != 0 {
		t.Fatalf("off: %+v, %d GetInvoices calls", off, srv.Calls("GetInvoices"))
	}
	on := a.CheckAccessFor(ctx, true)
	if len(on) != 4 || on[2].Action != "GetInvoice" || !on[2].Required || on[2].Allowed ||
		on[3].Action != "GetInvoices" || !on[3].Required || on[3].Allowed || !IsKind(on[3].Err, KindPermission) {
		t.Fatalf("on: %+v", on)
	}
	mustContain(t, on[3].Err.Error(), "GetInvoices", "API Roles")
	if f := srv.Forms("GetInvoices"); len(f) != 1 || f[0].Get("limitnum") != "1" {
		t.Errorf("GetInvoices probe: %v", f)
	}
	full := newAPI(t, srv).CheckAccessFor(ctx, true)
	for _, c := range full {
		if !c.Allowed || c.Err != nil || !c.Required {
			t.Errorf("all allowed: %+v", c)
		}
	}
}
