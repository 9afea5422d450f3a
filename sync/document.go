package sync

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs"
)

// euCountries are the EU member states by ISO code (Greece's VAT prefix is
// EL, its ISO code GR; both are accepted).
var euCountries = map[string]bool{
	"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true,
	"FI": true, "FR": true, "DE": true, "GR": true, "EL": true, "HU": true, "IE": true, "IT": true,
	"LV": true, "LT": true, "LU": true, "MT": true, "NL": true, "PL": true, "PT": true, "RO": true,
	"SK": true, "SI": true, "ES": true, "SE": true,
}

// reverseCharge says whether the buyer is an EU business outside the home
// country with a VAT id, so the supply is taxed by the buyer (0 % here).
func reverseCharge(c whmcs.Client, s store.Settings) bool {
	home := strings.ToUpper(s.HomeCountry)
	if home == "" {
		home = "SI"
	}
	country := strings.ToUpper(c.Country)
	return s.ReverseChargeEU && strings.TrimSpace(c.TaxID) != "" && euCountries[country] && country != home
}

// documentText holds the few words the engine writes onto documents, in the
// document's language.
type documentText struct {
	unit, discount, adjustment, order, reverseNote, years, year string
	credit, invoice                                             string
}

var texts = map[string]documentText{
	"Slovene": {
		unit: "kos", discount: "Popust (promocijska koda %s)", adjustment: "Uskladitev z zneskom naročila WHMCS",
		order:       "Naročilo WHMCS %s",
		reverseNote: "Obrnjena davčna obveznost: DDV obračuna prejemnik po 196. členu Direktive Sveta 2006/112/ES.",
		years:       "let", year: "leto",
		credit: "Uporabljeno dobroimetje stranke", invoice: "Račun WHMCS %s",
	},
	"English": {
		unit: "pc", discount: "Discount (promo code %s)", adjustment: "Adjustment to the WHMCS order total",
		order:       "WHMCS order %s",
		reverseNote: "Reverse charge: VAT to be accounted for by the recipient under Article 196 of Council Directive 2006/112/EC.",
		years:       "years", year: "year",
		credit: "Client credit applied", invoice: "WHMCS invoice %s",
	},
}

func textsFor(lang string) documentText {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts["Slovene"]
}

// buildSalesOrder is the exact document sent to e-računi for one order.
func buildSalesOrder(o whmcs.Order, c whmcs.Client, s store.Settings) eracuni.SalesOrder {
	t := textsFor(s.DocumentLanguage)
	rate := s.VATRate
	so := baseDocument(c, s, o.ClientName)
	so.Date = o.Date.Format(dateLayout)
	so.Reference = Reference(o.OrderNum)
	so.Currency = firstNonEmpty(c.CurrencyCode, o.Currency(), "EUR")
	so.PaymentMethod = paymentMethod(o.PaymentMethod, s)
	if reverseCharge(c, s) {
		rate = decimal.Zero
		so.VATTransactionType = eracuni.VATTransactionReverseCharge
		so.Remarks = t.reverseNote
	}
	item := func(desc string, price decimal.Decimal) eracuni.Item {
		return eracuni.Item{Description: desc, Quantity: decimal.NewFromInt(1), Unit: t.unit,
			Price: price, PriceIncludesVAT: s.PricesIncludeVAT, VATRate: rate}
	}
	sum := decimal.Zero
	for _, li := range o.Items {
		so.Items = append(so.Items, item(lineDescription(li, o.OrderNum, t), li.Amount))
		sum = sum.Add(li.Amount)
	}
	// The order total is what the customer owes; line items list full prices.
	// A promotion (or any other difference) becomes its own line so the
	// document's total equals the WHMCS order to the cent.
	if diff := o.Amount.Sub(sum); !diff.IsZero() {
		switch {
		case len(o.Items) == 0:
			so.Items = append(so.Items, item(fmt.Sprintf(t.order, o.OrderNum), o.Amount))
		case o.PromoCode != "":
			so.Items = append(so.Items, item(fmt.Sprintf(t.discount, o.PromoCode), diff))
		default:
			so.Items = append(so.Items, item(t.adjustment, diff))
		}
	}
	return so
}

// baseDocument holds what every document takes from the buyer and the
// settings: the buyer, warehouse, cost centre and language. name is the
// buyer's name when WHMCS's client record has none.
func baseDocument(c whmcs.Client, s store.Settings, name string) eracuni.SalesOrder {
	so := eracuni.SalesOrder{
		BuyerName:        c.Name(),
		BuyerStreet:      strings.TrimSpace(strings.Join(nonEmpty(c.Address1, c.Address2), ", ")),
		BuyerPostalCode:  c.PostCode,
		BuyerCity:        c.City,
		BuyerCountry:     strings.ToUpper(c.Country),
		BuyerEMail:       c.Email,
		BuyerPhone:       c.Phone,
		BuyerTaxNumber:   strings.TrimSpace(c.TaxID),
		Warehouse:        s.Warehouse,
		CostCentre:       s.CostCentre,
		DocumentLanguage: firstNonEmpty(s.DocumentLanguage, "Slovene"),
	}
	if so.BuyerName == "" {
		so.BuyerName = name
	}
	return so
}

// lineDescription names a line for the document. e-računi refuses an item
// without a description, so a line WHMCS left nameless (a deleted product, a
// custom line) is named after its domain or, failing that, its order.
func lineDescription(li whmcs.LineItem, orderNum string, t documentText) string {
	desc := strings.TrimSpace(stripTags(li.Product))
	if desc == "" {
		desc = strings.TrimSpace(li.ProductType)
	}
	switch {
	case desc == "" && li.Domain != "":
		desc = li.Domain
	case desc == "":
		desc = fmt.Sprintf(t.order, orderNum)
	case li.Domain != "" && !strings.Contains(desc, li.Domain):
		desc += " — " + li.Domain
	}
	switch cycle := strings.TrimSpace(li.BillingCycle); {
	case cycle == "" || cycle == "0":
	case li.Type == "domain" && cycle == "1":
		desc += fmt.Sprintf(" (1 %s)", t.year)
	case li.Type == "domain":
		desc += fmt.Sprintf(" (%s %s)", cycle, t.years)
	default:
		desc += " (" + cycle + ")"
	}
	return desc
}

// stripTags removes the HTML WHMCS puts into upgrade line items.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func paymentMethod(gateway string, s store.Settings) string {
	if m, ok := s.PaymentMethods[strings.ToLower(gateway)]; ok && m != "" {
		return m
	}
	return firstNonEmpty(s.DefaultPaymentMethod, "BankTransfer")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
