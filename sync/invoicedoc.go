package sync

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs"
)

// buildInvoiceDocument is the exact document sent to e-računi for a WHMCS
// invoice: one item per invoice line, with the invoice's own tax rate on
// the lines WHMCS taxed and none on the others, and a line for the client
// credit WHMCS applied, so the document's total is WHMCS's total.
//
// WHMCS keeps line amounts net in its exclusive tax mode and gross in the
// inclusive one (notes §5.3); the API does not say which mode is on, so
// the invoice tells: its lines add up to the subtotal when net, to
// subtotal + tax when gross. The items are sent the same way, net or
// gross, and e-računi works out the other part.
func buildInvoiceDocument(inv whmcs.Invoice, sum whmcs.InvoiceSummary, c whmcs.Client, s store.Settings) eracuni.SalesOrder {
	t := textsFor(s.DocumentLanguage)
	so := baseDocument(c, s, sum.ClientName())
	so.Date = firstNonEmpty(dateText(inv.Date), dateText(sum.Date))
	so.Reference = InvoiceReference(firstNonEmpty(inv.Number, sum.Number), inv.ID)
	so.Currency = firstNonEmpty(invoiceCurrency(sum), c.CurrencyCode, "EUR")
	so.PaymentMethod = paymentMethod(firstNonEmpty(inv.PaymentMethod, sum.PaymentMethod), s)

	gross := taxInclusive(inv, s)
	// Two tax levels are added into one rate: e-računi items carry one.
	// Right for a second level computed on the net (not compound); a
	// compound level makes the totals differ, and the check flags it.
	rate := inv.TaxRate.Add(inv.TaxRate2)
	item := func(desc string, price decimal.Decimal, taxed bool) eracuni.Item {
		vat := decimal.Zero
		if taxed && rate.IsPositive() {
			vat = rate
		}
		return eracuni.Item{Description: desc, Quantity: decimal.NewFromInt(1), Unit: t.unit,
			Price: price, PriceIncludesVAT: gross, VATRate: vat}
	}
	for _, it := range inv.Items {
		desc := strings.TrimSpace(stripTags(it.Description))
		if desc == "" {
			desc = firstNonEmpty(it.Type, fmt.Sprintf(t.invoice, sum.Label()))
		}
		so.Items = append(so.Items, item(desc, it.Amount, it.Taxed))
	}
	if len(inv.Items) == 0 {
		// An invoice without lines: one line for its amount.
		amount := inv.Subtotal
		if gross {
			amount = inv.Subtotal.Add(inv.Tax).Add(inv.Tax2)
		}
		so.Items = append(so.Items, item(fmt.Sprintf(t.invoice, sum.Label()), amount, !inv.Tax.Add(inv.Tax2).IsZero()))
	}
	// Credit is money the client paid earlier (add funds); WHMCS takes it
	// off the total after tax, so it is a line without VAT.
	if inv.Credit.IsPositive() {
		credit := item(t.credit, inv.Credit.Neg(), false)
		so.Items = append(so.Items, credit)
	}
	if inv.Tax.IsZero() && inv.Tax2.IsZero() && reverseCharge(c, s) {
		so.VATTransactionType = eracuni.VATTransactionReverseCharge
		so.Remarks = t.reverseNote
	}
	return so
}

// taxInclusive tells from the invoice whether its line amounts include the
// tax; when nothing is taxed it does not matter.
func taxInclusive(inv whmcs.Invoice, s store.Settings) bool {
	tax := inv.Tax.Add(inv.Tax2)
	if tax.IsZero() {
		return false
	}
	sum := decimal.Zero
	for _, it := range inv.Items {
		sum = sum.Add(it.Amount)
	}
	switch {
	case sum.Equal(inv.Subtotal):
		return false
	case sum.Equal(inv.Subtotal.Add(tax)):
		return true
	}
	return s.PricesIncludeVAT
}

// invoiceKind says what a WHMCS invoice is from its lines: an add-funds
// deposit, a mass payment of other invoices (listed), or a sale.
func invoiceKind(inv whmcs.Invoice) (addFunds bool, massPaid []string) {
	for _, it := range inv.Items {
		switch {
		case strings.EqualFold(it.Type, "AddFunds"):
			addFunds = true
		case strings.EqualFold(it.Type, "Invoice"):
			massPaid = append(massPaid, strconv.FormatInt(it.RelID, 10))
		}
	}
	return addFunds, massPaid
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}
