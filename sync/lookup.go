package sync

import (
	"context"
	"time"

	"whmcs-eracuni/sync/eracuni"
)

// lookup asks e-računi, in one list call over the date window, which of the
// orders (and invoices) about to be created already have their document
// there — after a lost answer, a crash, or on a fresh data folder — and one
// more call for invoices only when an invoice's outcome is unknown or
// invoices are imported as sales invoices. Nothing is ever sent again
// without this look.
//
// freshInvoices says the data folder has never finished an invoice scan:
// then an invoice may have been imported as either kind of document
// before, so both lists are read for it; so are they for an invoice whose
// create was left without an answer.
func (e *Engine) lookup(ctx context.Context, ds []Decision, freshInvoices bool, now time.Time, progress func(Progress)) error {
	var orders, invoices []*Decision // by the list that may hold them
	for i := range ds {
		d := &ds[i]
		if d.Action != ActionCreate && !d.pending {
			continue
		}
		if !d.IsInvoice() {
			orders = append(orders, d)
			continue
		}
		both := freshInvoices || d.pending
		if d.DocumentType == DocumentSalesOrder || both {
			orders = append(orders, d)
		}
		if d.DocumentType == DocumentSalesInvoice || both {
			invoices = append(invoices, d)
		}
	}
	today := now.Format(dateLayout)
	if len(orders) > 0 {
		report(progress, Progress{Phase: PhaseChecking, Message: msgChecking.With()})
		from, to := window(orders)
		if anyInvoice(orders) && today > to {
			to = today
		}
		listed, err := e.books.SalesOrders(ctx, from, to)
		if err != nil {
			return err
		}
		found := indexListed(listed)
		for _, d := range orders {
			l, ok := found.of(d)
			if !ok {
				continue
			}
			d.Action, d.DocumentID, d.DocumentNumber = ActionAlready, l.DocumentID, l.Number
			d.Document = nil
			if d.IsInvoice() {
				d.DocumentType = DocumentSalesOrder
				d.Reason = alreadyReason(DocumentSalesOrder, l.Number)
				continue
			}
			d.Reason = reasonAlready.With("number", l.Number)
			if d.Invoice {
				// Found, so its invoice may exist too: look before creating it.
				d.invoicePending = true
				d.Reason = reasonWillInvoice.With("number", l.Number)
			}
		}
	}
	for i := range ds {
		if d := &ds[i]; d.Invoice && d.invoicePending {
			invoices = append(invoices, d)
		}
	}
	var need []*Decision
	for _, d := range invoices {
		if !d.IsInvoice() || d.Action != ActionAlready {
			need = append(need, d)
		}
	}
	defer func() {
		for _, d := range orders {
			d.pending = false
		}
		for _, d := range invoices {
			d.pending = false
		}
	}()
	if len(need) == 0 {
		return nil
	}
	// e-računi dates an invoice when it is issued, which may be well after
	// the order or WHMCS invoice: the window runs to today.
	from, to := window(need)
	if today > to {
		to = today
	}
	listed, err := e.books.SalesInvoices(ctx, from, to)
	if err != nil {
		return err
	}
	found := indexListed(listed)
	for _, d := range need {
		l, ok := found.of(d)
		if !ok {
			continue
		}
		if d.IsInvoice() {
			d.Action, d.DocumentID, d.DocumentNumber = ActionAlready, l.DocumentID, l.Number
			d.Document, d.DocumentType = nil, DocumentSalesInvoice
			d.Reason = alreadyReason(DocumentSalesInvoice, l.Number)
			continue
		}
		d.invoicePending = false
		d.InvoiceNumber, d.Invoice = l.Number, false
		d.Reason = reasonAlready.With("number", d.DocumentNumber)
	}
	return nil
}

// listedIndex finds listed documents by the WHMCS order or invoice their
// reference names; the first listed wins.
type listedIndex struct {
	orders   map[string]eracuni.Listed
	invoices map[int64]eracuni.Listed
}

func indexListed(listed []eracuni.Listed) listedIndex {
	x := listedIndex{orders: map[string]eracuni.Listed{}, invoices: map[int64]eracuni.Listed{}}
	for _, l := range listed {
		if n, ok := orderNumFromReference(l.Reference); ok {
			if _, dup := x.orders[n]; !dup {
				x.orders[n] = l
			}
		}
		if id, ok := invoiceIDFromReference(l.Reference); ok {
			if _, dup := x.invoices[id]; !dup {
				x.invoices[id] = l
			}
		}
	}
	return x
}

func (x listedIndex) of(d *Decision) (eracuni.Listed, bool) {
	if d.IsInvoice() {
		l, ok := x.invoices[d.OrderID]
		return l, ok
	}
	l, ok := x.orders[d.OrderNum]
	return l, ok
}

func anyInvoice(ds []*Decision) bool {
	for _, d := range ds {
		if d.IsInvoice() {
			return true
		}
	}
	return false
}

// window is the date range covering the decisions' order dates.
func window(ds []*Decision) (from, to string) {
	for _, d := range ds {
		if from == "" || d.Date < from {
			from = d.Date
		}
		if d.Date > to {
			to = d.Date
		}
	}
	return from, to
}
