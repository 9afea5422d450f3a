package whmcstest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// SetTaxInclusive switches the shop's tax mode (WHMCS's TaxType): off is
// WHMCS's default, exclusive; on, taxed item amounts include the tax and
// the invoice's subtotal is their net part (see Shop.total). It applies to
// invoices made from then on.
func (s *Shop) SetTaxInclusive(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inclusive = on
}

// SetTaxPerLineItem switches WHMCS's TaxPerLineItem setting: tax rounded
// per line instead of once on the taxable subtotal. Off by default.
func (s *Shop) SetTaxPerLineItem(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perLine = on
}

// InvoiceLine is one line of an invoice made by AddInvoice. Amount is as
// WHMCS stores it: net in the exclusive tax mode, gross (for a taxed line)
// in the inclusive one. A negative amount is a discount (PromoHosting).
type InvoiceLine struct {
	// Type is WHMCS's item type: "Hosting", "Domain" (renewal), "Addon",
	// "PromoHosting", "AddFunds", "Invoice" (a mass payment), "" (a line
	// typed in by hand).
	Type        string
	RelID       int64 // service, domain or addon id; for "Invoice", the invoice paid
	Description string
	Amount      decimal.Decimal
	// Untaxed leaves the line out of the tax; lines of a tax-exempt client
	// are untaxed anyway.
	Untaxed bool
}

// InvoiceSpec describes an invoice without an order for AddInvoice: an
// automatic renewal of a service or domain, a manual invoice, an add-funds
// or a mass-payment invoice.
type InvoiceSpec struct {
	ClientID      int64
	Date          time.Time // zero: Now; the invoice date is its day
	DueDate       time.Time // zero: Date
	Status        string    // "" is Unpaid; Paid, Refunded, Cancelled, Draft, Collections, Payment Pending
	PaidAt        time.Time // for Paid/Refunded; zero: Date + 5 minutes
	PaymentMethod string    // "" is banktransfer
	Lines         []InvoiceLine
	// Credit is the client's credit balance applied to the invoice; it
	// lowers the total (total = subtotal + tax − credit).
	Credit decimal.Decimal
	Notes  string
}

// AddInvoice stores an invoice that belongs to no order and returns its
// id. Tax follows the client's country and exemption and the shop's tax
// mode, as for order invoices; with sequential paid numbering the invoice
// gets its number when paid.
func (s *Shop) AddInvoice(spec InvoiceSpec) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if spec.Date.IsZero() {
		spec.Date = s.now().Truncate(time.Second)
	}
	rate, exempt := s.taxRateFor(spec.ClientID)
	day := time.Date(spec.Date.Year(), spec.Date.Month(), spec.Date.Day(), 0, 0, 0, 0, spec.Date.Location())
	due := spec.DueDate
	if due.IsZero() {
		due = day
	}
	inv := &Invoice{
		ID: s.nextInvoice, ClientID: spec.ClientID, Date: day, DueDate: due, Status: "Unpaid",
		PaymentMethod: orDefault(spec.PaymentMethod, "banktransfer"), TaxRate: rate, TaxRate2: decimal.Zero,
		Credit: spec.Credit, Tax2: decimal.Zero, Notes: spec.Notes,
	}
	s.nextInvoice++
	for _, l := range spec.Lines {
		inv.Items = append(inv.Items, InvoiceItem{ID: s.nextItem, Type: l.Type, RelID: l.RelID,
			Description: l.Description, Amount: l.Amount, Taxed: !exempt && !l.Untaxed})
		s.nextItem++
	}
	s.total(inv)
	s.invoices[inv.ID] = inv
	switch status := orDefault(spec.Status, "Unpaid"); status {
	case "Paid", "Refunded":
		at := spec.PaidAt
		if at.IsZero() {
			at = spec.Date.Add(5 * time.Minute)
		}
		s.markPaid(inv, at)
		if status == "Refunded" {
			s.refund(inv, at.Add(24*time.Hour))
		}
	case "Cancelled":
		inv.Status, inv.DateCancelled = status, spec.Date
	default:
		inv.Status = status
	}
	return inv.ID
}

// AddMassPayment makes the invoice WHMCS creates when a client pays several
// unpaid invoices at once: one untaxed "Invoice" line per invoice, for what
// it still owes. Paying it (status "Paid") pays them too.
func (s *Shop) AddMassPayment(clientID int64, date time.Time, status string, invoiceIDs ...int64) int64 {
	var lines []InvoiceLine
	s.mu.Lock()
	for _, id := range invoiceIDs {
		if inv, ok := s.invoices[id]; ok {
			lines = append(lines, InvoiceLine{Type: "Invoice", RelID: id, Untaxed: true,
				Description: fmt.Sprintf("Invoice #%d", id), Amount: inv.Balance()})
		}
	}
	s.mu.Unlock()
	return s.AddInvoice(InvoiceSpec{ClientID: clientID, Date: date, Status: status, Lines: lines})
}

// Invoices returns every invoice by ascending id.
func (s *Shop) Invoices() []Invoice {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Invoice, 0, len(s.invoices))
	for _, inv := range s.invoices {
		c := *inv
		c.Items = slices.Clone(inv.Items)
		c.Transactions = slices.Clone(inv.Transactions)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Invoice) int { return cmpInt(a.ID, b.ID) })
	return out
}

// getInvoices is GetInvoices (notes §4.2): filters userid and status (with
// the pseudo-status Overdue), orderby/order, offset paging, and WHMCS's
// default order "status DESC, duedate ASC" when no orderby is sent.
func (s *Shop) getInvoices(form url.Values, t typing) obj {
	userid := phpInt(form.Get("userid"))
	status := strings.TrimSpace(form.Get("status"))
	today := s.now().Format(time.DateOnly)
	var match []*Invoice
	for _, inv := range s.invoices {
		if userid != 0 && inv.ClientID != userid {
			continue
		}
		switch {
		case status == "":
		case strings.EqualFold(status, "Overdue"):
			if inv.Status != "Unpaid" || inv.DueDate.Format(time.DateOnly) >= today {
				continue
			}
		case !strings.EqualFold(inv.Status, status):
			continue
		}
		match = append(match, inv)
	}
	desc := strings.EqualFold(form.Get("order"), "desc")
	by := strings.ToLower(form.Get("orderby"))
	slices.SortFunc(match, func(a, b *Invoice) int {
		var c int
		switch by {
		case "id":
			c = cmpInt(a.ID, b.ID)
		case "invoicenumber":
			c = cmp.Compare(a.Number, b.Number)
		case "date":
			c = a.Date.Compare(b.Date)
		case "duedate":
			c = a.DueDate.Compare(b.DueDate)
		case "total":
			c = a.Total.Cmp(b.Total)
		case "status":
			c = cmp.Compare(a.Status, b.Status)
		default:
			// status DESC, duedate ASC, whatever "order" says.
			if c = cmp.Compare(b.Status, a.Status); c == 0 {
				c = a.DueDate.Compare(b.DueDate)
			}
			if c == 0 {
				c = cmpInt(a.ID, b.ID)
			}
			return c
		}
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmpInt(a.ID, b.ID)
		}
		return c
	})
	start, num := int(max(phpInt(form.Get("limitstart")), 0)), int(phpInt(form.Get("limitnum")))
	if num <= 0 {
		num = 25
	}
	var page []*Invoice
	if start < len(match) {
		page = match[start:min(start+num, len(match))]
	}
	returned := int64(len(page))
	if t.allStrings {
		// WHMCS 7.8 reported the full count here, not the page size.
		returned = int64(len(match))
	}
	out := obj{}.set("result", "success").set("totalresults", t.int(int64(len(match)))).
		set("startnumber", t.int(int64(start))).set("numreturned", t.int(returned))
	if len(page) == 0 {
		return out.set("invoices", []any{})
	}
	rows := make([]any, 0, len(page))
	for _, inv := range page {
		rows = append(rows, s.renderInvoiceRow(inv, t))
	}
	return out.set("invoices", obj{}.set("invoice", rows))
}

// renderInvoiceRow is a full tblinvoices row joined with the client's names
// and currency, in the column order of the notes' example.
func (s *Shop) renderInvoiceRow(inv *Invoice, t typing) obj {
	var first, last, company any
	if c, ok := s.clients[inv.ClientID]; ok {
		first, last, company = c.FirstName, c.LastName, c.CompanyName
	}
	var paymethod any
	if !inv.DatePaid.IsZero() && inv.PaymentMethod == "stripe" {
		paymethod = t.int(3)
	}
	updated := inv.Date
	for _, at := range []time.Time{inv.DatePaid, inv.DateRefunded, inv.DateCancelled} {
		if at.After(updated) {
			updated = at
		}
	}
	cur := s.currencyOf(inv.ClientID)
	return obj{}.
		set("id", t.int(inv.ID)).set("userid", t.int(inv.ClientID)).
		set("firstname", first).set("lastname", last).set("companyname", company).
		set("invoicenum", inv.Number).
		set("date", inv.Date.Format(time.DateOnly)).set("duedate", inv.DueDate.Format(time.DateOnly)).
		set("datepaid", dateTime(inv.DatePaid)).set("last_capture_attempt", zeroDateTime).
		set("date_refunded", dateTime(inv.DateRefunded)).set("date_cancelled", dateTime(inv.DateCancelled)).
		set("subtotal", inv.Subtotal.StringFixed(2)).set("credit", inv.Credit.StringFixed(2)).
		set("tax", inv.Tax.StringFixed(2)).set("tax2", inv.Tax2.StringFixed(2)).
		set("total", inv.Total.StringFixed(2)).
		set("taxrate", inv.TaxRate.StringFixed(3)).set("taxrate2", inv.TaxRate2.StringFixed(3)).
		set("status", inv.Status).set("paymentmethod", inv.PaymentMethod).set("paymethodid", paymethod).
		set("notes", inv.Notes).
		set("created_at", inv.Date.Format("2006-01-02 15:04:05")).set("updated_at", updated.Format("2006-01-02 15:04:05")).
		set("currencycode", cur.Code).set("currencyprefix", cur.Prefix).set("currencysuffix", cur.Suffix)
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return zeroDateTime
	}
	return t.Format("2006-01-02 15:04:05")
}
