package sync

import (
	"sort"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/eracuni"
)

// documentTotal is what e-računi will show as a document's total, so the
// preview can compare it with WHMCS before anything is sent.
//
// How e-računi rounds is UNCONFIRMED (no page we could read says). This
// assumes the usual Slovenian practice, and WHMCS's own when it does not
// tax per line: net items are added up per VAT rate and each rate's VAT is
// rounded once, round(net × rate / 100, 2); gross items are taken as they
// are, with the VAT inside them. If e-računi rounds per line instead, a
// total may be off by a cent, and the check below flags it rather than let
// it through.
func documentTotal(items []eracuni.Item) decimal.Decimal {
	net := map[string]decimal.Decimal{}
	rates := map[string]decimal.Decimal{}
	total := decimal.Zero
	for _, it := range items {
		amount := it.Quantity.Mul(it.Price).Round(2)
		if it.PriceIncludesVAT {
			total = total.Add(amount)
			continue
		}
		k := it.VATRate.String()
		net[k] = net[k].Add(amount)
		rates[k] = it.VATRate
	}
	keys := make([]string, 0, len(net))
	for k := range net {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		total = total.Add(net[k]).Add(net[k].Mul(rates[k]).Div(hundred).Round(2))
	}
	return total
}

var hundred = decimal.NewFromInt(100)

// money writes an amount for a reason text: two decimals and the currency.
func money(d decimal.Decimal, currency string) string {
	if currency == "" {
		return d.StringFixed(2)
	}
	return d.StringFixed(2) + " " + currency
}
