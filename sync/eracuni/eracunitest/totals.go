package eracunitest

import (
	"encoding/json"
	"sort"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/eracuni"
)

// Total is the document's total as e-računi would print it, worked out the
// way the double assumes e-računi does (UNCONFIRMED: the rounding rules are
// not in any page we could read):
//
//   - items with a net price (netPrice): their net amounts (quantity × price,
//     rounded to the cent) are added up per VAT rate, and the VAT of each
//     rate is round(sum × rate / 100, 2);
//   - items with a gross price (price): their gross amounts are added up and
//     are already the total; the VAT is taken out of them, not added.
//
// The total is every net amount plus every rate's VAT plus every gross amount.
// It is the double's own arithmetic, written apart from the engine's, so a
// test comparing it with WHMCS checks the document, not the engine's sums.
func (d Stored) Total() decimal.Decimal {
	net := map[string]decimal.Decimal{}
	total := decimal.Zero
	for _, it := range d.Items {
		qty := decimalOf(it[eracuni.ItemQuantity], decimal.NewFromInt(1))
		rate := decimalOf(it[eracuni.ItemVATPercentage], decimal.Zero)
		if p, ok := it[eracuni.ItemGrossPrice]; ok {
			total = total.Add(qty.Mul(decimalOf(p, decimal.Zero)).Round(2))
			continue
		}
		key := rate.String()
		net[key] = net[key].Add(qty.Mul(decimalOf(it[eracuni.ItemNetPrice], decimal.Zero)).Round(2))
	}
	keys := make([]string, 0, len(net))
	for k := range net {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rate := decimal.RequireFromString(k)
		total = total.Add(net[k]).Add(net[k].Mul(rate).Div(decimal.NewFromInt(100)).Round(2))
	}
	return total
}

func decimalOf(v any, def decimal.Decimal) decimal.Decimal {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return def
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return def
	}
	return d
}
