package whmcstest

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// promoDiscount is the percentage promotion on the order's product items.
func promoDiscount(items []Item, percent decimal.Decimal) decimal.Decimal {
	base := decimal.Zero
	for _, it := range items {
		if it.Type == "product" {
			base = base.Add(it.Amount)
		}
	}
	return base.Mul(percent).Div(hundred).Round(2)
}

// taxRateFor is the client's tax rate in percent: the country's rule unless
// the client is tax exempt.
func (s *Shop) taxRateFor(clientID int64) (decimal.Decimal, bool) {
	c, ok := s.clients[clientID]
	if !ok {
		return decimal.Zero, false
	}
	if c.TaxExempt {
		return decimal.Zero, true
	}
	return s.taxRates[strings.ToUpper(c.Country)], false
}

// buildInvoice makes the checkout invoice of o in exclusive tax mode.
func (s *Shop) buildInvoice(o *Order, spec OrderSpec, discount decimal.Decimal) *Invoice {
	rate, exempt := s.taxRateFor(o.ClientID)
	day := time.Date(o.Date.Year(), o.Date.Month(), o.Date.Day(), 0, 0, 0, 0, o.Date.Location())
	inv := &Invoice{
		ID:            s.nextInvoice,
		ClientID:      o.ClientID,
		Date:          day,
		DueDate:       day,
		Status:        "Unpaid",
		PaymentMethod: o.PaymentMethod,
		TaxRate:       rate,
		TaxRate2:      decimal.Zero,
		Credit:        decimal.Zero,
		Tax2:          decimal.Zero,
	}
	s.nextInvoice++
	var promoRel int64
	for _, it := range o.Items {
		inv.Items = append(inv.Items, InvoiceItem{
			ID: s.nextItem, Type: invoiceItemType(it), RelID: it.RelID,
			Description: invoiceItemDescription(it, day), Amount: it.Amount, Taxed: !exempt,
		})
		s.nextItem++
		if it.Type == "product" && promoRel == 0 {
			promoRel = it.RelID
		}
	}
	if discount.IsPositive() {
		inv.Items = append(inv.Items, InvoiceItem{
			ID: s.nextItem, Type: "PromoHosting", RelID: promoRel,
			Description: fmt.Sprintf("Promotional Code: %s - %s%% Discount", o.PromoCode, spec.PromoPercent.String()),
			Amount:      discount.Neg(), Taxed: !exempt,
		})
		s.nextItem++
	}
	s.total(inv)
	return inv
}

// total works out subtotal, tax and total from the items, the rate and the
// credit applied, as WHMCS's updateInvoiceTotal does with one tax level and
// tax computed on the taxable subtotal (not per line), in the shop's tax
// mode (notes §5.3):
//
//   - exclusive: items are net; tax = round(taxed × rate/100, 2);
//     subtotal = sum(items);
//   - inclusive: taxed items are gross; tax = round(taxed × rate/(100+rate), 2);
//     subtotal = sum(items) − tax, so sum(items) ≠ subtotal;
//
// and in both total = subtotal + tax + tax2 − credit.
//
// With TaxPerLineItem on (SetTaxPerLineItem) the tax is rounded per taxed
// line and then added up, which can differ from the above by cents.
func (s *Shop) total(inv *Invoice) {
	divisor := hundred
	if s.inclusive {
		divisor = hundred.Add(inv.TaxRate)
	}
	sum, taxable, perLine := decimal.Zero, decimal.Zero, decimal.Zero
	for _, it := range inv.Items {
		sum = sum.Add(it.Amount)
		if it.Taxed {
			taxable = taxable.Add(it.Amount)
			perLine = perLine.Add(it.Amount.Mul(inv.TaxRate).Div(divisor).Round(2))
		}
	}
	inv.Tax = taxable.Mul(inv.TaxRate).Div(divisor).Round(2)
	if s.perLine {
		inv.Tax = perLine
	}
	inv.Subtotal = sum
	if s.inclusive {
		inv.Subtotal = sum.Sub(inv.Tax)
	}
	inv.Total = inv.Subtotal.Add(inv.Tax).Add(inv.Tax2).Sub(inv.Credit)
}

// markPaid records a full payment, as "mark paid" or a gateway callback
// does; sequential paid numbering gives the invoice its number now. Paying
// a mass-payment invoice pays the invoices it lists, as WHMCS does.
func (s *Shop) markPaid(inv *Invoice, at time.Time) {
	for _, it := range inv.Items {
		if child, ok := s.invoices[it.RelID]; ok && it.Type == "Invoice" && child.ID != inv.ID && child.Status != "Paid" {
			s.markPaid(child, at)
		}
	}
	inv.Status = "Paid"
	inv.DatePaid = at
	if inv.Number == "" {
		s.paidSeq[at.Year()]++
		inv.Number = fmt.Sprintf("%d-%04d", at.Year(), s.paidSeq[at.Year()])
	}
	if bal := inv.Balance(); bal.IsPositive() {
		inv.Transactions = append(inv.Transactions, Transaction{
			ID: s.nextTrans, Date: at, Gateway: inv.PaymentMethod, AmountIn: bal, AmountOut: decimal.Zero,
			TransID: fmt.Sprintf("TX%08d", s.nextTrans),
		})
		s.nextTrans++
	}
}

// refund pays everything back; a net payment of zero makes it Refunded.
func (s *Shop) refund(inv *Invoice, at time.Time) {
	paid := inv.Total.Sub(inv.Balance())
	if paid.IsPositive() {
		inv.Transactions = append(inv.Transactions, Transaction{
			ID: s.nextTrans, Date: at, Gateway: inv.PaymentMethod, AmountIn: decimal.Zero, AmountOut: paid,
			TransID: fmt.Sprintf("RF%08d", s.nextTrans),
		})
		s.nextTrans++
	}
	inv.Status = "Refunded"
	inv.DateRefunded = at
}

func defaultProductType(t string) string {
	switch t {
	case "addon":
		return "Addon"
	case "domain":
		return "Domain"
	case "upgrade":
		return "Upgrade"
	}
	return "Hosting Account"
}

func invoiceItemType(it Item) string {
	switch it.Type {
	case "addon":
		return "Addon"
	case "domain":
		if strings.EqualFold(it.Product, "Transfer") {
			return "DomainTransfer"
		}
		return "DomainRegister"
	case "upgrade":
		return "Upgrade"
	}
	return "Hosting"
}

func invoiceItemDescription(it Item, from time.Time) string {
	period := fmt.Sprintf("(%s - %s)", from.Format("02/01/2006"), nextDue(from, it).AddDate(0, 0, -1).Format("02/01/2006"))
	switch it.Type {
	case "domain":
		return fmt.Sprintf("Domain %s - %s - %s Year/s %s", orDefault(it.Product, "Register"), it.Domain, orDefault(it.BillingCycle, "1"), period)
	case "addon":
		return fmt.Sprintf("Addon %s %s", it.Product, period)
	}
	if it.Domain != "" {
		return fmt.Sprintf("%s - %s %s", it.Product, it.Domain, period)
	}
	return fmt.Sprintf("%s %s", it.Product, period)
}

func nextDue(from time.Time, it Item) time.Time {
	if it.Type == "domain" {
		var years int
		if _, err := fmt.Sscan(orDefault(it.BillingCycle, "1"), &years); err != nil || years <= 0 {
			years = 1
		}
		return from.AddDate(years, 0, 0)
	}
	switch it.BillingCycle {
	case "Monthly":
		return from.AddDate(0, 1, 0)
	case "Quarterly":
		return from.AddDate(0, 3, 0)
	case "Semi-Annually":
		return from.AddDate(0, 6, 0)
	case "Biennially":
		return from.AddDate(2, 0, 0)
	case "Triennially":
		return from.AddDate(3, 0, 0)
	}
	return from.AddDate(1, 0, 0)
}

// formatPrice renders an amount as WHMCS's formatCurrency does: prefix,
// number in the currency's format, suffix ("€100.00 EUR", "$1,234.56 USD").
func formatPrice(d decimal.Decimal, c Currency) string {
	neg := d.IsNegative()
	d = d.Abs()
	var intPart, frac string
	if c.Format == 4 {
		intPart = d.Round(0).StringFixed(0)
	} else {
		fixed := d.StringFixed(2)
		intPart, frac = fixed[:len(fixed)-3], fixed[len(fixed)-2:]
	}
	group, point := "", "."
	switch c.Format {
	case 2, 4:
		group = ","
	case 3:
		group, point = ".", ","
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if frac != "" {
		num += point + frac
	}
	if neg {
		num = negativeSign + num
	}
	return c.Prefix + num + c.Suffix
}
