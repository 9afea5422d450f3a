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

// InvoiceSummary is one row of GetInvoices: the invoice without its items
// (GetInvoice has those) and without a balance, joined with the client's
// names and currency. Subtotal is net; Total = Subtotal + Tax + Tax2 − Credit.
type InvoiceSummary struct {
	ID             int64
	Number         string // invoicenum; "" until WHMCS numbers it (with proforma invoicing, when paid)
	ClientID       int64
	FirstName      string
	LastName       string
	CompanyName    string
	Date           time.Time // WHMCS server wall clock, stored in time.UTC; zero when unset
	DueDate        time.Time
	DatePaid       time.Time
	DateRefunded   time.Time
	DateCancelled  time.Time
	Subtotal       decimal.Decimal
	Credit         decimal.Decimal
	Tax            decimal.Decimal
	Tax2           decimal.Decimal
	Total          decimal.Decimal
	TaxRate        decimal.Decimal // percent, e.g. 22
	TaxRate2       decimal.Decimal
	Status         string // Unpaid, Paid, Cancelled, Refunded, Collections, Payment Pending, Draft
	PaymentMethod  string
	Notes          string
	CurrencyCode   string // e.g. "EUR"
	CurrencyPrefix string
	CurrencySuffix string
}

// ClientName is the company, else "First Last", as people name the client.
func (s InvoiceSummary) ClientName() string {
	if c := strings.TrimSpace(s.CompanyName); c != "" {
		return c
	}
	return strings.TrimSpace(s.FirstName + " " + s.LastName)
}

// Label is how people name the invoice: its number, or its id while WHMCS
// has not numbered it yet.
func (s InvoiceSummary) Label() string {
	if s.Number != "" {
		return s.Number
	}
	return strconv.FormatInt(s.ID, 10)
}

// InvoiceFilter narrows GetInvoices; zero values do not filter. Status is
// one of WHMCS's invoice statuses, or its pseudo-status "Overdue".
type InvoiceFilter struct {
	ClientID int64
	Status   string
}

// Invoices yields every invoice matching f, newest (highest id) first,
// reading page after page. GetInvoices sorts by status and due date unless
// told otherwise, which is no order to page through; the client always asks
// for orderby=id&order=desc. Like Orders, an invoice created during the scan
// shifts later pages, and each invoice is yielded once. A consumer that
// stops early stops the paging; after an error nothing more is yielded.
func (a *API) Invoices(ctx context.Context, f InvoiceFilter) iter.Seq2[InvoiceSummary, error] {
	return paged(a.pageSize, false, func(s InvoiceSummary) int64 { return s.ID }, func(offset int) (page[InvoiceSummary], error) {
		return a.invoicesPage(ctx, f, offset)
	})
}

func (a *API) invoicesPage(ctx context.Context, f InvoiceFilter, offset int) (page[InvoiceSummary], error) {
	p := url.Values{}
	p.Set("limitstart", strconv.Itoa(offset))
	p.Set("limitnum", strconv.Itoa(a.pageSize))
	p.Set("orderby", "id")
	p.Set("order", "desc")
	if f.ClientID > 0 {
		p.Set("userid", strconv.FormatInt(f.ClientID, 10))
	}
	if s := strings.TrimSpace(f.Status); s != "" {
		p.Set("status", s)
	}
	what := fmt.Sprintf("invoices %d to %d (newest first)", offset+1, offset+a.pageSize)
	if s := strings.TrimSpace(f.Status); s != "" {
		what = fmt.Sprintf("%s invoices %d to %d (newest first)", strings.ToLower(s), offset+1, offset+a.pageSize)
	}
	body, err := a.call(ctx, "GetInvoices", p, subject{noun: "invoice", what: what})
	if err != nil {
		return page[InvoiceSummary]{}, err
	}
	pg, derr := decodeInvoicesPage(body)
	if derr != nil {
		return page[InvoiceSummary]{}, a.scrub(derr)
	}
	return pg, nil
}

type wireInvoices struct {
	TotalResults jInt                  `json:"totalresults"`
	Invoices     jList[wireInvoiceRow] `json:"invoices"`
}

type wireInvoiceRow struct {
	ID             jInt   `json:"id"`
	UserID         jInt   `json:"userid"`
	FirstName      jText  `json:"firstname"`
	LastName       jText  `json:"lastname"`
	CompanyName    jText  `json:"companyname"`
	InvoiceNum     jText  `json:"invoicenum"`
	Date           jDate  `json:"date"`
	DueDate        jDate  `json:"duedate"`
	DatePaid       jDate  `json:"datepaid"`
	DateRefunded   jDate  `json:"date_refunded"`
	DateCancelled  jDate  `json:"date_cancelled"`
	Subtotal       jMoney `json:"subtotal"`
	Credit         jMoney `json:"credit"`
	Tax            jMoney `json:"tax"`
	Tax2           jMoney `json:"tax2"`
	Total          jMoney `json:"total"`
	TaxRate        jMoney `json:"taxrate"`
	TaxRate2       jMoney `json:"taxrate2"`
	Status         jText  `json:"status"`
	PaymentMethod  jText  `json:"paymentmethod"`
	Notes          jText  `json:"notes"`
	CurrencyCode   jText  `json:"currencycode"`
	CurrencyPrefix jText  `json:"currencyprefix"`
	CurrencySuffix jText  `json:"currencysuffix"`
}

// decodeInvoicesPage reads a GetInvoices success body. It never panics; a
// value it cannot read becomes a KindBadData error naming the invoice and
// the field.
func decodeInvoicesPage(body []byte) (page[InvoiceSummary], error) {
	var w wireInvoices
	if err := json.Unmarshal(body, &w); err != nil {
		return page[InvoiceSummary]{}, newError(KindBadData, "GetInvoices", msgBadValue.With(
			"what", "the answer to GetInvoices", "field", "invoices", "value", clip(err.Error(), 80)))
	}
	pg := page[InvoiceSummary]{total: w.TotalResults.v, returned: len(w.Invoices), items: make([]InvoiceSummary, 0, len(w.Invoices))}
	for i, wi := range w.Invoices {
		r := reader{action: "GetInvoices", what: fmt.Sprintf("invoice %d", wi.ID.v)}
		if wi.ID.v == 0 {
			r.what = fmt.Sprintf("invoice number %d on the page", i+1)
		}
		inv := InvoiceSummary{
			ID:             r.int("id", wi.ID),
			Number:         wi.InvoiceNum.plain(),
			ClientID:       r.int("userid", wi.UserID),
			FirstName:      wi.FirstName.human(),
			LastName:       wi.LastName.human(),
			CompanyName:    wi.CompanyName.human(),
			Date:           r.date("date", wi.Date),
			DueDate:        r.date("duedate", wi.DueDate),
			DatePaid:       r.date("datepaid", wi.DatePaid),
			DateRefunded:   r.date("date_refunded", wi.DateRefunded),
			DateCancelled:  r.date("date_cancelled", wi.DateCancelled),
			Subtotal:       r.money("subtotal", wi.Subtotal),
			Credit:         r.money("credit", wi.Credit),
			Tax:            r.money("tax", wi.Tax),
			Tax2:           r.money("tax2", wi.Tax2),
			Total:          r.money("total", wi.Total),
			TaxRate:        r.money("taxrate", wi.TaxRate),
			TaxRate2:       r.money("taxrate2", wi.TaxRate2),
			Status:         wi.Status.plain(),
			PaymentMethod:  wi.PaymentMethod.plain(),
			Notes:          wi.Notes.human(),
			CurrencyCode:   strings.ToUpper(wi.CurrencyCode.plain()),
			CurrencyPrefix: string(wi.CurrencyPrefix),
			CurrencySuffix: string(wi.CurrencySuffix),
		}
		if r.err != nil {
			return page[InvoiceSummary]{}, r.err
		}
		pg.items = append(pg.items, inv)
	}
	return pg, nil
}
