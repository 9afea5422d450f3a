package whmcstest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestGetInvoicesEmptyAndRowShape(t *testing.T) {
	shop := NewShop()
	srv := start(t, shop)
	st, body := post(t, srv, url.Values{"action": {"GetInvoices"}})
	expect(t, st, body, 200, `{"result":"success","totalresults":0,"startnumber":0,"numreturned":0,"invoices":[]}`)

	c := shop.AddClient(Client{FirstName: "Anna", LastName: "Müller", CompanyName: "Müller Bau GmbH", Country: "DE"})
	id := shop.AddInvoice(InvoiceSpec{ClientID: c, Date: now, Status: "Unpaid", Lines: []InvoiceLine{
		{Type: "Hosting", Description: "VPS - S", Amount: dec("100.00")}}})
	_, body = post(t, srv, url.Values{"action": {"GetInvoices"}})
	var got struct {
		Invoices struct {
			Invoice []map[string]any `json:"invoice"`
		} `json:"invoices"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || len(got.Invoices.Invoice) != 1 {
		t.Fatalf("%v: %s", err, body)
	}
	row := got.Invoices.Invoice[0]
	keys := []string{"id", "userid", "firstname", "lastname", "companyname", "invoicenum", "date", "duedate", "datepaid",
		"last_capture_attempt", "date_refunded", "date_cancelled", "subtotal", "credit", "tax", "tax2", "total", "taxrate",
		"taxrate2", "status", "paymentmethod", "paymethodid", "notes", "created_at", "updated_at", "currencycode",
		"currencyprefix", "currencysuffix"}
	if len(row) != len(keys) {
		t.Errorf("row has %d fields, want %d: %v", len(row), len(keys), row)
	}
	for _, k := range keys {
		if _, ok := row[k]; !ok {
			t.Errorf("row lacks %q", k)
		}
	}
	if _, ok := row["balance"]; ok {
		t.Error("GetInvoices has no balance")
	}
	if row["id"] != float64(id) || row["invoicenum"] != "" || row["datepaid"] != "0000-00-00 00:00:00" ||
		row["tax"] != "19.00" || row["total"] != "119.00" || row["taxrate"] != "19.000" || row["paymethodid"] != nil ||
		row["companyname"] != "Müller Bau GmbH" || row["currencycode"] != "EUR" {
		t.Errorf("row %v", row)
	}
	if !strings.Contains(body, `"firstname":"Anna","lastname":"M\u00fcller"`) {
		t.Errorf("names not escaped as PHP does: %s", body)
	}
	// 7.x: numbers are strings, numreturned is the full count.
	shop.SetAllStrings(true)
	_, body = post(t, srv, url.Values{"action": {"GetInvoices"}, "limitnum": {"0"}})
	if !strings.Contains(body, `"totalresults":"1","startnumber":"0","numreturned":"1"`) || !strings.Contains(body, `"id":"`) {
		t.Errorf("7.x body %s", body)
	}
}

func TestGetInvoicesOrderFiltersAndPaging(t *testing.T) {
	shop := NewShop()
	shop.SetClock(func() time.Time { return now })
	c := shop.AddClient(Client{FirstName: "Žiga", LastName: "Čeh", Country: "SI"})
	d := shop.AddClient(Client{FirstName: "Luka", LastName: "Horvat", Country: "SI"})
	var ids []int64
	for i, st := range []string{"Paid", "Unpaid", "Cancelled", "Unpaid", "Paid"} {
		client := c
		if i%2 == 1 {
			client = d
		}
		ids = append(ids, shop.AddInvoice(InvoiceSpec{ClientID: client, Date: now.AddDate(0, 0, -10+i),
			DueDate: now.AddDate(0, 0, -5+i*2), Status: st, Lines: []InvoiceLine{{Type: "Hosting", Description: "x", Amount: dec("10")}}}))
	}
	srv := start(t, shop)
	rowIDs := func(form url.Values) []float64 {
		t.Helper()
		form.Set("action", "GetInvoices")
		_, body := post(t, srv, form)
		var got struct {
			Invoices struct {
				Invoice []struct {
					ID float64 `json:"id"`
				} `json:"invoice"`
			} `json:"invoices"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		var out []float64
		for _, r := range got.Invoices.Invoice {
			out = append(out, r.ID)
		}
		return out
	}
	same := func(got []float64, want ...int64) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != float64(want[i]) {
				return false
			}
		}
		return true
	}
	if got := rowIDs(url.Values{"orderby": {"id"}, "order": {"desc"}}); !same(got, ids[4], ids[3], ids[2], ids[1], ids[0]) {
		t.Errorf("id desc: %v", got)
	}
	if got := rowIDs(url.Values{"orderby": {"id"}, "order": {"desc"}, "limitstart": {"1"}, "limitnum": {"2"}}); !same(got, ids[3], ids[2]) {
		t.Errorf("page 2 of 2: %v", got)
	}
	// WHMCS's default: status DESC, then due date ASC.
	if got := rowIDs(url.Values{}); !same(got, ids[1], ids[3], ids[0], ids[4], ids[2]) {
		t.Errorf("default order: %v", got)
	}
	if got := rowIDs(url.Values{"status": {"unpaid"}, "orderby": {"id"}}); !same(got, ids[1], ids[3]) {
		t.Errorf("status filter: %v", got)
	}
	if got := rowIDs(url.Values{"status": {"Overdue"}, "orderby": {"id"}}); !same(got, ids[1]) {
		t.Errorf("overdue (unpaid, due before today): %v", got)
	}
	if got := rowIDs(url.Values{"userid": {"2"}, "orderby": {"id"}}); !same(got, ids[1], ids[3]) {
		t.Errorf("client filter: %v", got)
	}
}

func TestInvoiceTaxModesCreditAndPaidNumbering(t *testing.T) {
	shop := NewShop()
	shop.SetClock(func() time.Time { return now })
	c := shop.AddClient(Client{FirstName: "Žiga", LastName: "Čeh", Country: "SI"})
	lines := []InvoiceLine{{Type: "Hosting", Description: "Hosting", Amount: dec("122.00")},
		{Type: "PromoHosting", Description: "Promo", Amount: dec("-12.20")},
		{Type: "AddFunds", Description: "Deposit", Amount: dec("10.00"), Untaxed: true}}
	excl := shop.AddInvoice(InvoiceSpec{ClientID: c, Date: now, Lines: lines, Credit: dec("5.00")})
	shop.SetTaxInclusive(true)
	incl := shop.AddInvoice(InvoiceSpec{ClientID: c, Date: now, Lines: lines, Credit: dec("5.00")})

	e, _ := shop.Invoice(excl)
	if !e.Subtotal.Equal(dec("119.80")) || !e.Tax.Equal(dec("24.16")) || !e.Total.Equal(dec("138.96")) || e.Number != "" {
		t.Errorf("exclusive: subtotal %s tax %s total %s number %q", e.Subtotal, e.Tax, e.Total, e.Number)
	}
	i, _ := shop.Invoice(incl)
	// 109.80 taxed gross at 22 %: tax 19.80, net 90.00; plus 10.00 untaxed.
	if !i.Tax.Equal(dec("19.80")) || !i.Subtotal.Equal(dec("100.00")) || !i.Total.Equal(dec("114.80")) {
		t.Errorf("inclusive: subtotal %s tax %s total %s", i.Subtotal, i.Tax, i.Total)
	}
	if !i.Balance().Equal(i.Total) {
		t.Errorf("unpaid balance %s", i.Balance())
	}
	shop.SetInvoiceStatus(incl, "Paid")
	i, _ = shop.Invoice(incl)
	if i.Number == "" || i.DatePaid.IsZero() || !i.Balance().IsZero() {
		t.Errorf("paid: number %q, datepaid %v, balance %s", i.Number, i.DatePaid, i.Balance())
	}
	shop.SetInvoiceStatus(incl, "Refunded")
	if i, _ = shop.Invoice(incl); i.DateRefunded.IsZero() || i.Status != "Refunded" {
		t.Errorf("refunded: %+v", i)
	}
}

func TestMassPaymentPaysTheInvoicesItLists(t *testing.T) {
	shop := NewShop()
	c := shop.AddClient(Client{FirstName: "Žiga", LastName: "Čeh", Country: "SI"})
	a := shop.AddInvoice(InvoiceSpec{ClientID: c, Date: now, Lines: []InvoiceLine{{Type: "Hosting", Description: "a", Amount: dec("10")}}})
	b := shop.AddInvoice(InvoiceSpec{ClientID: c, Date: now, Lines: []InvoiceLine{{Type: "Domain", Description: "b", Amount: dec("20")}}})
	m := shop.AddMassPayment(c, now, "Paid", a, b)
	mass, _ := shop.Invoice(m)
	if len(mass.Items) != 2 || mass.Items[0].Type != "Invoice" || mass.Items[0].RelID != a || !mass.Total.Equal(dec("36.60")) || !mass.Tax.IsZero() {
		t.Fatalf("mass payment %+v", mass)
	}
	for _, id := range []int64{a, b} {
		if inv, _ := shop.Invoice(id); inv.Status != "Paid" || inv.Number == "" {
			t.Errorf("invoice %d after the mass payment: %s %q", id, inv.Status, inv.Number)
		}
	}
}

func TestGenerateWithRenewalsKeepsTheOrdersAndAddsVariety(t *testing.T) {
	plain := Generate(7, 20, 80, now)
	renewed := GenerateWithRenewals(7, 20, 80, 150, now)
	po, ro := plain.Orders(), renewed.Orders()
	if len(po) != len(ro) {
		t.Fatalf("%d orders vs %d", len(po), len(ro))
	}
	for i := range po {
		a, b := po[i], ro[i]
		ai, _ := plain.Invoice(a.InvoiceID)
		bi, _ := renewed.Invoice(b.InvoiceID)
		a.InvoiceID, b.InvoiceID = 0, 0
		if describeOrder(a) != describeOrder(b) || ai.Status != bi.Status || !ai.Total.Equal(bi.Total) {
			t.Fatalf("order %d differs:\n%+v\n%+v", a.ID, a, b)
		}
	}
	if snapshot(GenerateWithRenewals(7, 20, 80, 150, now)) != snapshot(renewed) {
		t.Fatal("not deterministic")
	}
	owned := map[int64]bool{}
	for _, o := range ro {
		owned[o.InvoiceID] = true
	}
	kinds, statuses := map[string]int{}, map[string]int{}
	var credit, numbered, unnumbered int
	var last Invoice
	for _, inv := range renewed.Invoices() {
		if inv.ID < last.ID || (!inv.Date.IsZero() && inv.Date.Before(last.Date.AddDate(0, 0, -1))) {
			t.Errorf("invoice %d dated %v after invoice %d dated %v: ids must rise with the date", inv.ID, inv.Date, last.ID, last.Date)
		}
		last = inv
		if owned[inv.ID] {
			continue
		}
		statuses[inv.Status]++
		for _, it := range inv.Items {
			kinds[it.Type]++
		}
		if inv.Credit.IsPositive() {
			credit++
		}
		if inv.Status == "Paid" && inv.Number != "" {
			numbered++
		}
		if inv.Status == "Unpaid" && inv.Number == "" {
			unnumbered++
		}
	}
	for _, k := range []string{"Hosting", "Domain", "Addon", "PromoHosting", "AddFunds", ""} {
		if kinds[k] == 0 {
			t.Errorf("no renewal line of type %q: %v", k, kinds)
		}
	}
	if statuses["Paid"] == 0 || statuses["Unpaid"] == 0 || statuses["Cancelled"] == 0 || credit == 0 || numbered == 0 || unnumbered == 0 {
		t.Errorf("statuses %v, credit %d, numbered %d, unnumbered %d", statuses, credit, numbered, unnumbered)
	}
}

func describeOrder(o Order) string { return fmt.Sprintf("%+v", o) }
