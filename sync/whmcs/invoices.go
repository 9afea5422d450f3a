package whmcs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Invoice is a WHMCS invoice as GetInvoice reports it. Amounts are plain
// decimals; Subtotal is net, Total = Subtotal + Tax + Tax2 - Credit.
type Invoice struct {
	ID            int64
	Number        string // invoicenum; "" until WHMCS numbers it (often only when paid)
	ClientID      int64
	Date          time.Time // zero when WHMCS says 0000-00-00
	DueDate       time.Time
	DatePaid      time.Time
	Subtotal      decimal.Decimal
	Credit        decimal.Decimal
	Tax           decimal.Decimal
	Tax2          decimal.Decimal
	Total         decimal.Decimal
	Balance       decimal.Decimal
	TaxRate       decimal.Decimal // percent, e.g. 22
	TaxRate2      decimal.Decimal
	Status        string // Unpaid, Paid, Cancelled, Refunded, Collections, Payment Pending, Draft
	PaymentMethod string
	Notes         string
	Items         []InvoiceItem
}

// InvoiceItem is one invoice line; RelID matches LineItem.RelID.
type InvoiceItem struct {
	ID          int64
	Type        string // Hosting, Addon, DomainRegister, PromoHosting, …
	RelID       int64
	Description string
	Amount      decimal.Decimal
	Taxed       bool
}

// Invoice reads one invoice by id. The app must work without it: a role may
// leave GetInvoice out (see CheckAccess).
func (a *API) Invoice(ctx context.Context, id int64) (Invoice, error) {
	sid := strconv.FormatInt(id, 10)
	if id <= 0 {
		return Invoice{}, newError(KindNotFound, "GetInvoice", msgNotFound.With("what", "invoice", "id", sid))
	}
	body, err := a.call(ctx, "GetInvoice", url.Values{"invoiceid": {sid}}, subject{noun: "invoice", id: sid, what: "invoice " + sid})
	if err != nil {
		return Invoice{}, err
	}
	inv, err := decodeInvoice(body)
	return inv, a.scrub(err)
}

type wireInvoice struct {
	InvoiceID     jInt                   `json:"invoiceid"`
	ID            jInt                   `json:"id"`
	InvoiceNum    jText                  `json:"invoicenum"`
	UserID        jInt                   `json:"userid"`
	Date          jDate                  `json:"date"`
	DueDate       jDate                  `json:"duedate"`
	DatePaid      jDate                  `json:"datepaid"`
	Subtotal      jMoney                 `json:"subtotal"`
	Credit        jMoney                 `json:"credit"`
	Tax           jMoney                 `json:"tax"`
	Tax2          jMoney                 `json:"tax2"`
	Total         jMoney                 `json:"total"`
	Balance       jMoney                 `json:"balance"`
	TaxRate       jMoney                 `json:"taxrate"`
	TaxRate2      jMoney                 `json:"taxrate2"`
	Status        jText                  `json:"status"`
	PaymentMethod jText                  `json:"paymentmethod"`
	Notes         jText                  `json:"notes"`
	Items         jList[wireInvoiceItem] `json:"items"`
}

type wireInvoiceItem struct {
	ID          jInt   `json:"id"`
	Type        jText  `json:"type"`
	RelID       jInt   `json:"relid"`
	Description jText  `json:"description"`
	Amount      jMoney `json:"amount"`
	Taxed       jBool  `json:"taxed"`
}

// decodeInvoice reads a GetInvoice success body.
func decodeInvoice(body []byte) (Invoice, error) {
	var w wireInvoice
	if err := json.Unmarshal(body, &w); err != nil {
		return Invoice{}, newError(KindBadData, "GetInvoice", msgBadValue.With(
			"what", "the answer to GetInvoice", "field", "invoice", "value", clip(err.Error(), 80)))
	}
	idv := w.InvoiceID
	if idv.v == 0 && idv.bad == "" {
		idv = w.ID
	}
	r := reader{action: "GetInvoice", what: fmt.Sprintf("invoice %d", idv.v)}
	inv := Invoice{
		ID:            r.int("invoiceid", idv),
		Number:        w.InvoiceNum.plain(),
		ClientID:      r.int("userid", w.UserID),
		Date:          r.date("date", w.Date),
		DueDate:       r.date("duedate", w.DueDate),
		DatePaid:      r.date("datepaid", w.DatePaid),
		Subtotal:      r.money("subtotal", w.Subtotal),
		Credit:        r.money("credit", w.Credit),
		Tax:           r.money("tax", w.Tax),
		Tax2:          r.money("tax2", w.Tax2),
		Total:         r.money("total", w.Total),
		Balance:       r.money("balance", w.Balance),
		TaxRate:       r.money("taxrate", w.TaxRate),
		TaxRate2:      r.money("taxrate2", w.TaxRate2),
		Status:        w.Status.plain(),
		PaymentMethod: w.PaymentMethod.plain(),
		Notes:         w.Notes.human(),
		Items:         make([]InvoiceItem, 0, len(w.Items)),
	}
	for j, it := range w.Items {
		field := fmt.Sprintf("item %d ", j+1)
		inv.Items = append(inv.Items, InvoiceItem{
			ID:          r.int(field+"id", it.ID),
			Type:        it.Type.plain(),
			RelID:       r.int(field+"relid", it.RelID),
			Description: it.Description.human(),
			Amount:      r.money(field+"amount", it.Amount),
			Taxed:       bool(it.Taxed),
		})
	}
	if r.err != nil {
		return Invoice{}, r.err
	}
	return inv, nil
}
