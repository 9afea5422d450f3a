package sync

import (
	"context"
)

// lookup asks e-računi, in one list call over the orders' date window,
// which of the orders about to be created already have a sales order there
// — after a lost answer, a crash, or on a fresh data folder — and one more
// call for invoices only when an invoice's outcome is unknown. Nothing is
// ever sent again without this look.
func (e *Engine) lookup(ctx context.Context, ds []Decision, progress func(Progress)) error {
	var need []*Decision
	for i := range ds {
		d := &ds[i]
		if d.Action == ActionCreate || d.pending {
			need = append(need, d)
		}
	}
	if len(need) > 0 {
		report(progress, Progress{Phase: PhaseChecking, Message: msgChecking.With()})
		from, to := window(need)
		listed, err := e.books.SalesOrders(ctx, from, to)
		if err != nil {
			return err
		}
		byNum := map[string]int{}
		for i, l := range listed {
			if n, ok := orderNumFromReference(l.Reference); ok {
				if _, dup := byNum[n]; !dup {
					byNum[n] = i
				}
			}
		}
		for _, d := range need {
			d.pending = false
			i, ok := byNum[d.OrderNum]
			if !ok {
				continue
			}
			l := listed[i]
			d.Action, d.DocumentID, d.DocumentNumber = ActionAlready, l.DocumentID, l.Number
			d.Reason = reasonAlready.With("number", l.Number)
			d.Document = nil
			if d.Invoice {
				// Found, so its invoice may exist too: look before creating it.
				d.invoicePending = true
				d.Reason = reasonWillInvoice.With("number", l.Number)
			}
		}
	}
	var inv []*Decision
	for i := range ds {
		if d := &ds[i]; d.Invoice && d.invoicePending {
			inv = append(inv, d)
		}
	}
	if len(inv) == 0 {
		return nil
	}
	from, to := window(inv)
	listed, err := e.books.SalesInvoices(ctx, from, to)
	if err != nil {
		return err
	}
	byNum := map[string]string{}
	for _, l := range listed {
		if n, ok := orderNumFromReference(l.Reference); ok {
			byNum[n] = l.Number
		}
	}
	for _, d := range inv {
		d.invoicePending = false
		if num, ok := byNum[d.OrderNum]; ok {
			d.InvoiceNumber, d.Invoice = num, false
			d.Reason = reasonAlready.With("number", d.DocumentNumber)
		}
	}
	return nil
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
