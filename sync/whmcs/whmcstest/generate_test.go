package whmcstest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func snapshot(s *Shop) string {
	var b strings.Builder
	for _, c := range s.Clients() {
		fmt.Fprintf(&b, "%+v\n", c)
	}
	for _, o := range s.Orders() {
		inv, _ := s.Invoice(o.InvoiceID)
		fmt.Fprintf(&b, "%+v %+v\n", o, inv)
	}
	return b.String()
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := snapshot(Generate(7, 20, 80, now)), snapshot(Generate(7, 20, 80, now))
	if a != b {
		t.Fatal("same seed, different shops")
	}
	if a == snapshot(Generate(8, 20, 80, now)) {
		t.Fatal("different seeds, same shop")
	}
}

func TestGeneratedShopHasTheVarietyTheDemoNeeds(t *testing.T) {
	shop := Generate(11, 30, 150, now)
	names := map[string]bool{}
	var usd, vat, individuals, entities, exempt int
	for _, c := range shop.Clients() {
		names[c.FirstName+" "+c.LastName] = true
		names[c.CompanyName] = true
		if c.Currency == "USD" {
			usd++
		}
		if c.TaxID != "" {
			vat++
		}
		if c.CompanyName == "" {
			individuals++
			if c.TaxID != "" {
				t.Errorf("individual with VAT id: %+v", c)
			}
		}
		if strings.Contains(c.CompanyName, "&amp;") {
			entities++
		}
		if c.TaxExempt {
			exempt++
			if c.Country == "SI" || c.TaxID == "" {
				t.Errorf("exempt without reason: %+v", c)
			}
		}
	}
	for _, n := range []string{"Žiga Čeh", "Šumi d.o.o.", "Müller Bau GmbH"} {
		if !names[n] {
			t.Errorf("missing %s", n)
		}
	}
	if usd == 0 || vat == 0 || individuals == 0 || entities == 0 || exempt == 0 {
		t.Errorf("usd %d vat %d individuals %d entities %d exempt %d", usd, vat, individuals, entities, exempt)
	}
	statuses, invStatuses, itemTypes := map[string]int{}, map[string]int{}, map[string]int{}
	promos, noInvoice := 0, 0
	hundred := decimal.NewFromInt(100)
	for _, o := range shop.Orders() {
		statuses[o.Status]++
		if o.Date.After(now) || o.Date.Before(now.Add(-120*24*time.Hour)) {
			t.Errorf("order %d dated %v", o.ID, o.Date)
		}
		sum := decimal.Zero
		for _, it := range o.Items {
			itemTypes[it.Type]++
			sum = sum.Add(it.Amount)
		}
		if o.PromoCode != "" {
			promos++
		}
		if o.InvoiceID == 0 {
			noInvoice++
			continue
		}
		inv, ok := shop.Invoice(o.InvoiceID)
		if !ok {
			t.Fatalf("order %d: invoice %d missing", o.ID, o.InvoiceID)
		}
		invStatuses[inv.Status]++
		// The money model of the package doc.
		discount := sum.Sub(o.Amount)
		if discount.IsNegative() || (o.PromoCode == "") != discount.IsZero() {
			t.Errorf("order %d: amount %s vs items %s", o.ID, o.Amount, sum)
		}
		c, _ := shop.Client(o.ClientID)
		rate := map[string]string{"SI": "22", "HR": "25", "AT": "20", "DE": "19", "IT": "22", "US": "0"}[c.Country]
		if c.TaxExempt {
			rate = "0"
		}
		wantTax := inv.Subtotal.Mul(decimal.RequireFromString(rate)).Div(hundred).Round(2)
		if !inv.Subtotal.Equal(o.Amount) || !inv.Tax.Equal(wantTax) || !inv.Total.Equal(inv.Subtotal.Add(inv.Tax)) {
			t.Errorf("order %d (%s): subtotal %s tax %s total %s", o.ID, c.Country, inv.Subtotal, inv.Tax, inv.Total)
		}
		if inv.Status == "Paid" && (inv.Number == "" || inv.DatePaid.IsZero() || !inv.Balance().IsZero()) {
			t.Errorf("paid invoice %+v", inv)
		}
	}
	for _, s := range []string{"Active", "Pending", "Fraud", "Cancelled", "In Review"} {
		if statuses[s] == 0 {
			t.Errorf("no %s order: %v", s, statuses)
		}
	}
	for _, s := range []string{"Paid", "Unpaid", "Refunded", "Cancelled"} {
		if invStatuses[s] == 0 {
			t.Errorf("no %s invoice: %v", s, invStatuses)
		}
	}
	if itemTypes["product"] == 0 || itemTypes["domain"] == 0 || itemTypes["addon"] == 0 || promos == 0 || noInvoice != 1 {
		t.Errorf("items %v promos %d free %d", itemTypes, promos, noInvoice)
	}
	if statuses["Active"]+statuses["Pending"] < len(shop.Orders())*2/3 {
		t.Errorf("mostly Active/Pending expected: %v", statuses)
	}
}
