package whmcstest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// renewalGenerator makes the invoices without an order of
// GenerateWithRenewals, from a random stream of its own.
type renewalGenerator struct {
	rng  *rand.Rand
	shop *Shop
	now  time.Time
	made []int64 // the invoices it made, for mass payments
}

type plannedRenewal struct {
	date   time.Time
	client int64
}

// plan picks each renewal's date (over the last 120 days) and client
// before any order is made, so the orders' random stream is untouched.
func (g *renewalGenerator) plan(n int, clients []int64) []plannedRenewal {
	if len(clients) == 0 {
		return nil
	}
	out := make([]plannedRenewal, n)
	for i := range out {
		back := time.Duration(g.rng.Int64N(int64(120 * 24 * time.Hour)))
		out[i] = plannedRenewal{date: g.now.Add(-back).Truncate(time.Second), client: clients[g.rng.IntN(len(clients))]}
	}
	slices.SortFunc(out, func(a, b plannedRenewal) int { return a.date.Compare(b.date) })
	return out
}

// add makes one invoice: mostly a renewal of hosting (with an addon or a
// recurring promotion now and then) or of a domain; sometimes a manual
// invoice, an add-funds invoice or a mass payment of the client's unpaid
// invoices.
func (g *renewalGenerator) add(p plannedRenewal) {
	r := g.rng
	c, _ := g.shop.Client(p.client)
	domain := slug(c.LastName) + "-" + digits(r, 2) + pick(r, []string{".si", ".com", ".eu", ".si"})
	day := time.Date(p.date.Year(), p.date.Month(), p.date.Day(), 0, 0, 0, 0, p.date.Location())
	spec := InvoiceSpec{ClientID: p.client, Date: p.date, DueDate: day.AddDate(0, 0, 7),
		PaymentMethod: pickWeighted(r, []string{"banktransfer", "stripe", "paypal"}, []int{50, 30, 20})}
	period := func(months int) string {
		return fmt.Sprintf("(%s - %s)", spec.DueDate.Format("02/01/2006"),
			spec.DueDate.AddDate(0, months, -1).Format("02/01/2006"))
	}
	switch kind := pickIndex(r, []int{50, 22, 8, 6, 4}); kind {
	case 0, 2: // hosting renewal, kind 2 with an addon
		pr := products[r.IntN(len(products))]
		months := map[string]int{"Monthly": 1, "Quarterly": 3, "Annually": 12}[pr.cycle]
		amount := decimal.RequireFromString(pr.eur)
		relid := int64(500 + r.IntN(500))
		spec.Lines = append(spec.Lines, InvoiceLine{Type: "Hosting", RelID: relid,
			Description: fmt.Sprintf("%s - %s - %s %s", pr.group, pr.name, domain, period(months)), Amount: amount})
		if r.IntN(100) < 15 {
			spec.Lines = append(spec.Lines, InvoiceLine{Type: "PromoHosting", RelID: relid,
				Description: "Promotional Code: LOYAL10 - 10% Recurring Discount",
				Amount:      amount.Mul(decimal.NewFromInt(10)).Div(hundred).Round(2).Neg()})
		}
		if kind == 2 {
			a := addons[r.IntN(len(addons))]
			spec.Lines = append(spec.Lines, InvoiceLine{Type: "Addon", RelID: int64(300 + r.IntN(300)),
				Description: fmt.Sprintf("%s - %s %s", a.name, domain, period(1)), Amount: decimal.RequireFromString(a.eur)})
		}
	case 1: // domain renewal
		tld := domain[strings.LastIndex(domain, "."):]
		spec.Lines = append(spec.Lines, InvoiceLine{Type: "Domain", RelID: int64(200 + r.IntN(300)),
			Description: fmt.Sprintf("Domain Renewal - %s - 1 Year/s %s", domain, period(12)),
			Amount:      decimal.RequireFromString(tlds[tld])})
	case 3: // typed in by hand
		spec.Lines = append(spec.Lines, InvoiceLine{Description: pick(r, []string{
			"Website migration (2 hours)", "Priority support, March", "SSL installation"}),
			Amount: decimal.RequireFromString(pick(r, []string{"80.00", "45.00", "25.00"}))})
	case 4: // add funds: a deposit, untaxed
		spec.Lines = append(spec.Lines, InvoiceLine{Type: "AddFunds", Description: "Add Funds",
			Amount: decimal.RequireFromString(pick(r, []string{"50.00", "100.00"})), Untaxed: true})
	}
	if r.IntN(100) < 8 {
		spec.Credit = decimal.RequireFromString("5.00")
	}
	spec.Status = pickWeighted(r, []string{"Paid", "Unpaid", "Cancelled", "Refunded", "Draft"}, []int{76, 15, 5, 2, 2})
	delay := time.Duration(1+r.IntN(72)) * time.Hour
	spec.PaidAt = p.date.Add(delay)
	if spec.PaidAt.After(g.now) {
		spec.PaidAt = g.now.Truncate(time.Second)
	}
	// Now and then a client pays its unpaid renewals in one go (never an
	// order's invoice: the orders stay those of Generate).
	if r.IntN(100) < 3 {
		if unpaid := g.unpaidOf(p.client); len(unpaid) > 0 {
			g.made = append(g.made, g.shop.AddMassPayment(p.client, p.date, spec.Status, unpaid...))
			return
		}
	}
	if spec.Credit.IsPositive() && spec.Status == "Draft" {
		spec.Credit = decimal.Zero
	}
	g.made = append(g.made, g.shop.AddInvoice(spec))
}

func (g *renewalGenerator) unpaidOf(client int64) []int64 {
	var out []int64
	for _, id := range g.made {
		if inv, ok := g.shop.Invoice(id); ok && inv.ClientID == client && inv.Status == "Unpaid" {
			out = append(out, id)
		}
	}
	return out
}
