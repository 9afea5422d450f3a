package eracuni

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
)

// SalesOrder is what the sync writes into e-računi for one WHMCS order.
// Empty strings are left out of the request.
type SalesOrder struct {
	Date      string // YYYY-MM-DD
	Reference string // carries the WHMCS order number; SalesOrders finds it again

	BuyerName, BuyerStreet, BuyerPostalCode, BuyerCity string
	BuyerCountry                                       string // ISO 3166 alpha-2
	BuyerEMail, BuyerPhone, BuyerTaxNumber             string

	Currency         string // ISO 4217, e.g. EUR
	PaymentMethod    string // one of PaymentMethods
	Warehouse        string // warehouse code as configured in e-računi
	CostCentre       string // cost centre (stroškovno mesto) code
	DocumentLanguage string // "Slovene" or "English"

	// VATTransactionType is "" for domestic sales; VATTransactionReverseCharge
	// for an EU business buyer. Guessed, see fields.go.
	VATTransactionType string
	Remarks            string // legal note printed on the document

	Items []Item
}

// Item is one line of a sales order.
type Item struct {
	Description string
	Quantity    decimal.Decimal
	Unit        string
	Price       decimal.Decimal
	// PriceIncludesVAT false sends Price as the net price, true as the gross
	// price, leaving e-računi to work out the other.
	PriceIncludesVAT bool
	VATRate          decimal.Decimal // percent, e.g. 22
}

// Document is what e-računi answers to a create.
type Document struct {
	DocumentID string // e.g. "60:251861", stable internal id
	Number     string // e.g. "2026-00042", what people see
	Date       string
}

// Listed is one row of a list answer.
type Listed struct {
	DocumentID, Number, Date string
	Reference                string // the WHMCS order number the sync put there
}

// CreateSalesOrder creates one sales order. It is sent at most once: when
// the answer is lost the error is KindOutcomeUnknown, and the order must be
// looked up with SalesOrders before it is sent again.
func (a *API) CreateSalesOrder(ctx context.Context, o SalesOrder) (Document, error) {
	result, err := a.call(ctx, MethodSalesOrderCreate, map[string]any{ParamSalesOrder: o.wire()})
	if err != nil {
		return Document{}, err
	}
	return a.document(MethodSalesOrderCreate, result)
}

// SalesOrders lists, in one call, every sales order dated from..to
// (YYYY-MM-DD, both included) with its reference.
func (a *API) SalesOrders(ctx context.Context, from, to string) ([]Listed, error) {
	return a.list(ctx, MethodSalesOrderList, from, to, FieldReference)
}

// Ping proves the credentials and the right to read sales orders with the
// cheapest call that needs both: today's sales orders.
func (a *API) Ping(ctx context.Context) error {
	today := a.now().Format(time.DateOnly)
	_, err := a.SalesOrders(ctx, today, today)
	return err
}

func (o SalesOrder) wire() map[string]any {
	m := map[string]any{}
	put := func(key, value string) {
		if value != "" {
			m[key] = value
		}
	}
	put(FieldDate, o.Date)
	put(FieldReference, o.Reference)
	put(FieldBuyerName, o.BuyerName)
	put(FieldBuyerStreet, o.BuyerStreet)
	put(FieldBuyerPostalCode, o.BuyerPostalCode)
	put(FieldBuyerCity, o.BuyerCity)
	put(FieldBuyerCountry, o.BuyerCountry)
	put(FieldBuyerEMail, o.BuyerEMail)
	put(FieldBuyerPhone, o.BuyerPhone)
	put(FieldBuyerTaxNumber, o.BuyerTaxNumber)
	put(FieldCurrency, o.Currency)
	put(FieldPaymentMethod, o.PaymentMethod)
	put(FieldWarehouse, o.Warehouse)
	put(FieldCostCentre, o.CostCentre)
	put(FieldDocumentLanguage, o.DocumentLanguage)
	put(FieldRemarks, o.Remarks)
	items := make([]map[string]any, 0, len(o.Items))
	for _, it := range o.Items {
		w := map[string]any{
			ItemDescription:   it.Description,
			ItemQuantity:      number(it.Quantity),
			ItemVATPercentage: number(it.VATRate),
		}
		if it.Unit != "" {
			w[ItemUnit] = it.Unit
		}
		if it.PriceIncludesVAT {
			w[ItemGrossPrice] = number(it.Price)
		} else {
			w[ItemNetPrice] = number(it.Price)
		}
		if o.VATTransactionType != "" {
			w[ItemVATTransactionType] = o.VATTransactionType
		}
		items = append(items, w)
	}
	m[FieldItems] = items
	return m
}

// number sends a decimal as a JSON number, as the official examples do,
// without passing through float64.
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }
