package whmcs

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Order is one WHMCS order as GetOrders reports it.
type Order struct {
	ID                int64
	OrderNum          string // the random customer-facing number
	ClientID          int64
	Date              time.Time       // WHMCS server wall clock, stored in time.UTC without conversion
	Amount            decimal.Decimal // as WHMCS recorded it at checkout; net or gross is UNCONFIRMED (quirks.go)
	CurrencyPrefix    string          // from the client's currency, e.g. "€"
	CurrencySuffix    string          // e.g. " EUR", kept verbatim
	PaymentMethod     string          // gateway module, e.g. "banktransfer"
	PaymentMethodName string          // its display name; "" when the gateway is gone
	InvoiceID         int64           // 0 when no invoice was created
	Status            string          // Pending, Active, Fraud, Cancelled or a custom status
	PaymentStatus     string          // the linked invoice's status; "" when there is none
	ClientName        string          // "First Last"; "" when the client was deleted
	PromoCode         string
	PromoType         string
	PromoValue        string
	Notes             string
	Items             []LineItem
}

// Paid reports whether the order's invoice is paid.
func (o Order) Paid() bool { return o.PaymentStatus == "Paid" }

// Currency is the ISO code of the order's currency, read from the suffix
// (" EUR") or, failing that, the prefix ("€"); "" if neither says.
func (o Order) Currency() string {
	for _, s := range []string{o.CurrencySuffix, o.CurrencyPrefix} {
		t := strings.TrimSpace(s)
		if len(t) == 3 && isUpperASCII(t) {
			return t
		}
	}
	for _, s := range []string{o.CurrencySuffix, o.CurrencyPrefix} {
		if c, ok := currencyBySymbol[strings.TrimSpace(s)]; ok {
			return c
		}
	}
	return ""
}

func isUpperASCII(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// LineItem is one product, addon, domain, renewal or upgrade of an order.
// Amount is parsed from WHMCS's formatted price ("€100.00 EUR").
type LineItem struct {
	Type         string // product, addon, domain, renewal, upgrade
	RelID        int64  // service, addon or domain id; matches InvoiceItem.RelID
	ProductType  string
	Product      string
	Domain       string
	BillingCycle string // "Monthly", …; for domains the years, e.g. "1"
	Amount       decimal.Decimal
	Status       string
}

// OrderFilter narrows GetOrders to what the API can filter on; zero values
// do not filter.
type OrderFilter struct {
	ID       int64
	ClientID int64
	Status   string
}

// Orders yields every order matching f, newest (highest id) first, reading
// page after page. WHMCS pages by offset, so an order placed during the scan
// shifts later pages; each order is yielded once. A consumer that stops
// early stops the paging. After an error nothing more is yielded.
//
// An order deleted during the scan can shift an older one past the page
// boundary; WHMCS offers no cursor to prevent that.
func (a *API) Orders(ctx context.Context, f OrderFilter) iter.Seq2[Order, error] {
	return paged(a.pageSize, f.ID > 0, func(o Order) int64 { return o.ID }, func(offset int) (page[Order], error) {
		return a.ordersPage(ctx, f, offset)
	})
}

func (a *API) ordersPage(ctx context.Context, f OrderFilter, offset int) (page[Order], error) {
	p := url.Values{}
	p.Set("limitstart", strconv.Itoa(offset))
	p.Set("limitnum", strconv.Itoa(a.pageSize))
	if f.ID > 0 {
		p.Set("id", strconv.FormatInt(f.ID, 10))
	}
	if f.ClientID > 0 {
		p.Set("userid", strconv.FormatInt(f.ClientID, 10))
	}
	if s := strings.TrimSpace(f.Status); s != "" {
		p.Set("status", s)
	}
	subj := subject{noun: "order", id: strconv.FormatInt(f.ID, 10),
		what: fmt.Sprintf("orders %d to %d (newest first)", offset+1, offset+a.pageSize)}
	if f.ID > 0 {
		subj.what = "order " + subj.id
	}
	body, err := a.call(ctx, "GetOrders", p, subj)
	if err != nil {
		return page[Order]{}, err
	}
	pg, derr := decodeOrdersPage(body)
	if derr != nil {
		return page[Order]{}, a.scrub(derr)
	}
	return pg, nil
}

type wireOrders struct {
	TotalResults jInt             `json:"totalresults"`
	NumReturned  jInt             `json:"numreturned"`
	Orders       jList[wireOrder] `json:"orders"`
}

type wireOrder struct {
	ID                jInt                `json:"id"`
	OrderNum          jText               `json:"ordernum"`
	UserID            jInt                `json:"userid"`
	Date              jDate               `json:"date"`
	Amount            jMoney              `json:"amount"`
	PaymentMethod     jText               `json:"paymentmethod"`
	PaymentMethodName jText               `json:"paymentmethodname"`
	InvoiceID         jInt                `json:"invoiceid"`
	Status            jText               `json:"status"`
	PaymentStatus     jText               `json:"paymentstatus"`
	Name              jText               `json:"name"`
	CurrencyPrefix    jText               `json:"currencyprefix"`
	CurrencySuffix    jText               `json:"currencysuffix"`
	PromoCode         jText               `json:"promocode"`
	PromoType         jText               `json:"promotype"`
	PromoValue        jText               `json:"promovalue"`
	Notes             jText               `json:"notes"`
	LineItems         jList[wireLineItem] `json:"lineitems"`
}

type wireLineItem struct {
	Type         jText  `json:"type"`
	RelID        jInt   `json:"relid"`
	ProductType  jText  `json:"producttype"`
	Product      jText  `json:"product"`
	Domain       jText  `json:"domain"`
	BillingCycle jText  `json:"billingcycle"`
	Amount       jMoney `json:"amount"`
	Status       jText  `json:"status"`
}

// decodeOrdersPage reads a GetOrders success body. It never panics; a value
// it cannot read becomes a KindBadData error naming the order and field.
func decodeOrdersPage(body []byte) (page[Order], error) {
	var w wireOrders
	if err := json.Unmarshal(body, &w); err != nil {
		return page[Order]{}, newError(KindBadData, "GetOrders", msgBadValue.With(
			"what", "the answer to GetOrders", "field", "orders", "value", clip(err.Error(), 80)))
	}
	pg := page[Order]{total: w.TotalResults.v, returned: len(w.Orders), items: make([]Order, 0, len(w.Orders))}
	for i, wo := range w.Orders {
		r := reader{action: "GetOrders", what: fmt.Sprintf("order %d", wo.ID.v)}
		if wo.ID.v == 0 {
			r.what = fmt.Sprintf("order number %d on the page", i+1)
		}
		o := Order{
			ID:                r.int("id", wo.ID),
			OrderNum:          wo.OrderNum.plain(),
			ClientID:          r.int("userid", wo.UserID),
			Date:              r.date("date", wo.Date),
			Amount:            r.money("amount", wo.Amount),
			CurrencyPrefix:    string(wo.CurrencyPrefix),
			CurrencySuffix:    string(wo.CurrencySuffix),
			PaymentMethod:     wo.PaymentMethod.plain(),
			PaymentMethodName: wo.PaymentMethodName.human(),
			InvoiceID:         r.int("invoiceid", wo.InvoiceID),
			Status:            wo.Status.human(),
			PaymentStatus:     wo.PaymentStatus.plain(),
			ClientName:        wo.Name.human(),
			PromoCode:         wo.PromoCode.human(),
			PromoType:         wo.PromoType.plain(),
			PromoValue:        wo.PromoValue.plain(),
			Notes:             wo.Notes.human(),
			Items:             make([]LineItem, 0, len(wo.LineItems)),
		}
		for j, li := range wo.LineItems {
			field := fmt.Sprintf("line item %d ", j+1)
			o.Items = append(o.Items, LineItem{
				Type:         li.Type.plain(),
				RelID:        r.int(field+"relid", li.RelID),
				ProductType:  li.ProductType.human(),
				Product:      li.Product.human(),
				Domain:       li.Domain.plain(),
				BillingCycle: li.BillingCycle.plain(),
				Amount:       r.money(field+"amount", li.Amount),
				Status:       li.Status.human(),
			})
		}
		if r.err != nil {
			return page[Order]{}, r.err
		}
		pg.items = append(pg.items, o)
	}
	return pg, nil
}
