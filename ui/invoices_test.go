package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestPreviewAndHistoryShowInvoicesAndTheirFlags(t *testing.T) {
	w := newWorld(t)
	client := w.shop.Clients()[0].ID
	day := time.Now().AddDate(0, 0, -1)
	renewal := w.shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: client, Date: day, Status: "Paid",
		Lines: []whmcstest.InvoiceLine{{Type: "Hosting", Description: "Spletno gostovanje - Osnovni (podaljšanje)",
			Amount: decimal.RequireFromString("59.88")}}})
	w.shop.SetTaxPerLineItem(true) // WHMCS now rounds each line's tax: this one is a cent off e-računi
	odd := w.shop.AddInvoice(whmcstest.InvoiceSpec{ClientID: client, Date: day, Status: "Paid",
		Lines: []whmcstest.InvoiceLine{{Type: "Addon", Description: "A", Amount: decimal.RequireFromString("0.03")},
			{Type: "Addon", Description: "B", Amount: decimal.RequireFromString("0.03")}}})
	w.setUp(func(s *store.Settings) { s.Invoices.Enabled = true })
	g := w.open()
	test.Tap(g.header.preview)
	g.wait()

	p := g.preview
	rowOf := func(id int64) int {
		for i, d := range p.rows {
			if d.IsInvoice() && d.OrderID == id {
				return i
			}
		}
		t.Fatalf("invoice %d is not in the preview:\n%s", id, strings.Join(tableText(len(p.rows), len(previewColumns), p.cell), "\n"))
		return -1
	}
	r, o := rowOf(renewal), rowOf(odd)
	inv, _ := w.shop.Invoice(renewal)
	if p.cell(r, 0) != "Invoice "+inv.Number || p.cell(r, 4) != "Create" || p.cell(r, 5) != "A sales invoice will be created" {
		t.Errorf("renewal row: %q | %q | %q", p.cell(r, 0), p.cell(r, 4), p.cell(r, 5))
	}
	if !strings.HasPrefix(p.cell(o, 4), "⚠ Skip") || !strings.Contains(p.cell(o, 5), "⚠ The e-računi total would be 0.07 EUR, but WHMCS says 0.08 EUR") {
		t.Errorf("the flag is not visible: %q | %q", p.cell(o, 4), p.cell(o, 5))
	}
	// The German company's order is flagged too: WHMCS charged it 19 % VAT,
	// the sales order is a reverse charge.
	var orderFlags []string
	for i, d := range p.rows {
		if !d.IsInvoice() && strings.HasPrefix(p.cell(i, 4), "⚠") {
			orderFlags = append(orderFlags, p.cell(i, 5))
		}
	}
	if len(orderFlags) != 1 || !strings.Contains(orderFlags[0], "but WHMCS invoice") || !strings.Contains(orderFlags[0], "142.80 EUR") {
		t.Errorf("order flags %q", orderFlags)
	}
	if !strings.Contains(p.totals.Text, "to check by hand in e-računi: 2") {
		t.Errorf("totals do not count the flags: %q", p.totals.Text)
	}
	p.table.Select(widget.TableCellID{Row: r, Col: 0})
	for _, part := range []string{"WHMCS invoice " + inv.Number, "Sales invoice sent to e-računi", "Spletno gostovanje - Osnovni (podaljšanje)"} {
		if !strings.Contains(p.detail.Text, part) {
			t.Errorf("detail lacks %q:\n%s", part, p.detail.Text)
		}
	}

	test.Tap(p.importB)
	g.wait()
	h := g.history
	if len(h.runs) == 0 || h.selected == nil {
		t.Fatal("the import is not in the history")
	}
	if got := h.runCell(0, 5); got != "⚠ OK; 2 to check by hand in e-računi" {
		t.Errorf("run result %q", got)
	}
	rows := strings.Join(tableText(len(h.selected.Orders), len(orderColumns), h.orderCell), "\n")
	if !strings.Contains(rows, "Invoice "+inv.Number) || !strings.Contains(rows, "⚠ The e-računi total would be") {
		t.Errorf("history rows lack the invoice or its flag:\n%s", rows)
	}
}

func TestTurningOnInvoicesInSettingsChecksTheirPermissions(t *testing.T) {
	w := newWorld(t)
	w.shop.AddCredential("orders-role", "pw", "GetOrders", "GetClientsDetails", "GetInvoice")
	w.setUp(func(s *store.Settings) { s.WHMCSIdentifier = "orders-role" })
	if err := w.secrets.Set(context.Background(), store.DefaultProfile, store.SecretWHMCSSecret, "pw"); err != nil {
		t.Fatal(err)
	}
	g := w.open()
	opt := g.prefs.opt
	if !opt.invoicesAs.Disabled() || !opt.invoicesSince.Disabled() {
		t.Error("the invoice options are offered while the import is off")
	}
	opt.invoices.SetChecked(true)
	if opt.invoicesAs.Disabled() || opt.invoicesUnpaid.Disabled() || opt.invoicesAddFunds.Disabled() {
		t.Error("the invoice options stay off after turning the import on")
	}
	test.Tap(g.prefs.save)
	g.wait()
	if s, _ := w.settings(); s.Invoices.Enabled || !strings.Contains(g.prefs.status.Text, "Not saved") {
		t.Fatalf("saved without GetInvoices (%v): %q", s.Invoices.Enabled, g.prefs.status.Text)
	}
	if got := g.prefs.wh.checks.text(); !strings.Contains(got, "GetInvoices: not allowed") {
		t.Fatalf("the missing permission is not named:\n%s", got)
	}

	w.shop.AddCredential("orders-role", "pw") // the role now allows everything
	opt.invoicesAs.SetSelected(opt.asOrders)
	opt.invoicesUnpaid.SetChecked(true)
	typeInto(opt.invoicesSince, "2026-01-01")
	test.Tap(g.prefs.save)
	g.wait()
	s, _ := w.settings()
	want := store.InvoiceImport{Enabled: true, AsSalesOrders: true, IncludeUnpaid: true, Since: "2026-01-01"}
	if s.Invoices != want || g.prefs.status.Text != "Settings saved." {
		t.Fatalf("saved %+v (%q), want %+v", s.Invoices, g.prefs.status.Text, want)
	}
}

func TestWizardAsksForInvoicePermissionsOnlyWhenTheImportIsOn(t *testing.T) {
	w := newWorld(t)
	w.shop.AddCredential("orders-role", "pw", "GetOrders", "GetClientsDetails")
	g := w.open()
	wz := g.wizard
	w.fillWHMCS(wz, "orders-role", "pw")
	test.Tap(wz.next)
	g.wait()
	if wz.step != 1 {
		t.Fatalf("a role for orders is enough without the invoice import: %s", wz.wh.checks.text())
	}
	if w.whmcs.Calls("GetInvoices") != 0 {
		t.Error("GetInvoices was probed although the invoice import is off")
	}
	w.fillERacuni(wz)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 {
		t.Fatalf("e-računi step: %s", wz.problem.Text)
	}
	typeInto(wz.opt.warehouse, testWarehouse)
	wz.opt.invoices.SetChecked(true)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 || !strings.Contains(wz.problem.Text, "Importing invoices needs more of WHMCS") ||
		!strings.Contains(wz.problem.Text, "GetInvoices: not allowed") {
		t.Fatalf("step %d, problem %q", wz.step+1, wz.problem.Text)
	}
	wz.opt.invoices.SetChecked(false)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 3 {
		t.Fatalf("without the invoice import the wizard goes on: step %d, %q", wz.step+1, wz.problem.Text)
	}
	if !strings.Contains(wz.summary.Text, "Renewal invoices: Not imported") {
		t.Errorf("summary:\n%s", wz.summary.Text)
	}
}

// withoutSalesInvoiceRights swaps the world's e-računi for one whose user
// may create sales orders but not sales invoices.
func (w *world) withoutSalesInvoiceRights() {
	w.t.Helper()
	w.books.Close()
	w.books = eracunitest.NewServer(eracunitest.Config{
		Accounts: []eracunitest.Account{{Username: testUser, Password: testPassword, Token: testToken,
			NoSalesInvoiceRights: true}},
		Warehouses: []string{testWarehouse}, Limit: -1,
	})
	w.t.Cleanup(w.books.Close)
}

func TestWizardChecksTheRightToSalesInvoicesOnlyWhenInvoicesBecomeThem(t *testing.T) {
	w := newWorld(t)
	w.withoutSalesInvoiceRights()
	g := w.open()
	wz := g.wizard
	w.fillWHMCS(wz, testIdentifier, testSecret)
	test.Tap(wz.next)
	g.wait()
	w.fillERacuni(wz)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 {
		t.Fatalf("sales orders are all the e-računi step needs: %s", wz.er.checks.text())
	}
	if n := w.books.Calls(eracuni.MethodSalesInvoiceList); n != 0 {
		t.Errorf("sales invoices were probed %d times although the invoice import is off", n)
	}
	typeInto(wz.opt.warehouse, testWarehouse)
	wz.opt.invoices.SetChecked(true) // as sales invoices, the default
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 || !strings.Contains(wz.problem.Text, "needs a right the e-računi user does not have") ||
		!strings.Contains(wz.problem.Text, "Sales invoices (računi), needed for renewal invoices:") {
		t.Fatalf("step %d, problem %q", wz.step+1, wz.problem.Text)
	}
	wz.opt.invoicesAs.SetSelected(wz.opt.asOrders)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 3 {
		t.Fatalf("as sales orders the wizard goes on: step %d, %q", wz.step+1, wz.problem.Text)
	}
	if s, _ := w.settings(); !s.Invoices.Enabled || !s.Invoices.AsSalesOrders {
		t.Errorf("saved %+v", s.Invoices)
	}
}

func TestSettingsCheckTheRightToSalesInvoicesBeforeSaving(t *testing.T) {
	w := newWorld(t)
	w.withoutSalesInvoiceRights()
	w.setUp(func(s *store.Settings) { s.ERacuniEndpoint = w.books.URL })
	g := w.open()
	opt := g.prefs.opt
	opt.invoices.SetChecked(true)
	test.Tap(g.prefs.save)
	g.wait()
	if s, _ := w.settings(); s.Invoices.Enabled || !strings.Contains(g.prefs.status.Text, "Not saved") {
		t.Fatalf("saved without the right to sales invoices (%v): %q", s.Invoices.Enabled, g.prefs.status.Text)
	}
	if got := g.prefs.er.checks.text(); !strings.Contains(got, "Sales invoices (računi), needed for renewal invoices:") {
		t.Fatalf("the missing right is not named:\n%s", got)
	}
	opt.invoicesAs.SetSelected(opt.asOrders)
	test.Tap(g.prefs.save)
	g.wait()
	if s, _ := w.settings(); !s.Invoices.Enabled || !s.Invoices.AsSalesOrders || g.prefs.status.Text != "Settings saved." {
		t.Fatalf("saved %+v (%q)", s.Invoices, g.prefs.status.Text)
	}
}
