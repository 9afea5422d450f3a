package sync

import (
	"context"
	"sort"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
)

// apply creates the planned documents, oldest order first so e-računi's
// numbers follow WHMCS. Each create is marked pending in the ledger (and
// committed) before the call and done after it; an answer that never came
// leaves it pending, and it is looked up — never sent again blindly. A
// cancel stops between orders: the order in flight finishes first.
func (e *Engine) apply(ctx context.Context, s store.Settings, p *Plan, l *ledgers, progress func(Progress)) error {
	var work []*Decision
	for i := range p.Decisions {
		d := &p.Decisions[i]
		if d.Action == ActionCreate || (d.Action == ActionAlready && d.Invoice) {
			work = append(work, d)
		}
	}
	// Orders first, then invoices, each oldest first: their ids are two
	// separate series.
	sort.Slice(work, func(i, j int) bool {
		if a, b := work[i].IsInvoice(), work[j].IsInvoice(); a != b {
			return b
		}
		return work[i].OrderID < work[j].OrderID
	})
	var unknown []*Decision
	for i, d := range work {
		if ctx.Err() != nil {
			for _, rest := range work[i:] {
				if rest.Action == ActionCreate {
					rest.Action, rest.Reason, rest.Invoice = ActionSkip, reasonNotReached.With(), false
				} else {
					rest.Invoice = false
				}
			}
			return CancelledError{}
		}
		report(progress, Progress{Phase: PhaseCreating, Done: i, Total: len(work), OrderNum: d.OrderNum,
			Message: creatingMessage(d)})
		if d.Action == ActionCreate {
			outcome, err := e.createDocument(ctx, d, l)
			if err != nil {
				return err // the data file failed: stop before anything else is sent
			}
			switch outcome {
			case outcomeUnknown:
				unknown = append(unknown, d)
				continue
			case outcomeStop:
				e.failRest(work[i+1:], d.Err)
				return d.Err
			}
			p.Wrote = true
		}
		if d.Invoice {
			if err := e.createInvoice(ctx, d, l); err != nil {
				return err
			}
			if d.InvoiceNumber != "" {
				p.Wrote = true
			}
		}
	}
	report(progress, Progress{Phase: PhaseCreating, Done: len(work), Total: len(work)})
	if len(unknown) > 0 {
		return e.resolveUnknown(ctx, p, unknown, l, e.now())
	}
	return nil
}

type outcome int

const (
	outcomeDone outcome = iota
	outcomeFailed
	outcomeUnknown
	outcomeStop // e-računi refused the login or the rights: no order can succeed
)

func creatingMessage(d *Decision) message.Message {
	if !d.IsInvoice() {
		return msgCreating.With("order", d.OrderNum, "client", d.Client)
	}
	if d.DocumentType == DocumentSalesInvoice {
		return msgCreatingSalesInvoice.With("invoice", d.OrderNum, "client", d.Client)
	}
	return msgCreatingOrderForInvoice.With("invoice", d.OrderNum, "client", d.Client)
}

// createDocument sends one order's sales order, or one WHMCS invoice's
// document, between a committed pending mark and a committed outcome.
func (e *Engine) createDocument(ctx context.Context, d *Decision, ls *ledgers) (outcome, error) {
	l := ls.of(d.kind())
	en := l.entries[d.OrderID]
	en.Kind, en.ID, en.Number, en.Date = d.kind(), d.OrderID, d.OrderNum, d.Date
	en.State, en.Reason, en.Attempts = store.StatePending, "", en.Attempts+1
	d.link(&en)
	if err := e.db.PutEntry(en); err != nil {
		return outcomeFailed, err
	}
	l.entries[d.OrderID] = en
	// The call itself is not cancelled midway: a cancel waits for its answer
	// so the ledger knows what happened. The client's own timeout bounds it.
	var doc eracuni.Document
	var err error
	if d.DocumentType == DocumentSalesInvoice {
		doc, err = e.books.CreateSalesInvoice(context.WithoutCancel(ctx), eracuni.SalesInvoice(*d.Document))
	} else {
		doc, err = e.books.CreateSalesOrder(context.WithoutCancel(ctx), *d.Document)
	}
	switch {
	case err == nil:
		en.State, en.DocumentID, en.DocumentNumber, en.LastError = store.StateDone, doc.DocumentID, doc.Number, ""
		d.DocumentID, d.DocumentNumber = doc.DocumentID, doc.Number
		d.Reason = createdReason(d.DocumentType, doc.Number)
		l.entries[d.OrderID] = en
		return outcomeDone, e.db.PutEntry(en)
	case eracuni.IsKind(err, eracuni.KindOutcomeUnknown):
		d.Action, d.Err = ActionFail, err
		d.Reason = explainError(err)
		en.LastError = explainError(err).String()
		l.entries[d.OrderID] = en
		return outcomeUnknown, e.db.PutEntry(en)
	default:
		d.Action, d.Err = ActionFail, rejected(d.OrderNum, err)
		d.Reason = explainError(d.Err)
		en.State, en.LastError = store.StateFailed, d.Reason.String()
		l.entries[d.OrderID] = en
		if perr := e.db.PutEntry(en); perr != nil {
			return outcomeFailed, perr
		}
		if eracuni.IsKind(err, eracuni.KindAuth) || eracuni.IsKind(err, eracuni.KindPrivileges) {
			return outcomeStop, nil
		}
		return outcomeFailed, nil
	}
}

func (e *Engine) createInvoice(ctx context.Context, d *Decision, ls *ledgers) error {
	l := ls.order
	en := l.entries[d.OrderID]
	en.InvoiceState = store.StatePending
	if err := e.db.PutEntry(en); err != nil {
		return err
	}
	doc, err := e.books.CreateInvoiceFromOrder(context.WithoutCancel(ctx), d.DocumentID)
	switch {
	case err == nil:
		en.InvoiceState, en.InvoiceDocumentID, en.InvoiceDocumentNumber = store.StateDone, doc.DocumentID, doc.Number
		d.InvoiceNumber = doc.Number
		if d.Action == ActionCreate {
			d.Reason = reasonCreatedInvoice.With("number", d.DocumentNumber, "invoice", doc.Number)
		} else {
			d.Reason = reasonInvoiced.With("number", d.DocumentNumber, "invoice", doc.Number)
		}
	case eracuni.IsKind(err, eracuni.KindOutcomeUnknown):
		// Stays pending: the next run looks the invoice up first.
		d.Err, d.Reason = err, explainError(err)
		en.LastError = d.Reason.String()
	default:
		d.Err = rejected(d.OrderNum, err)
		d.Reason = explainError(d.Err)
		en.InvoiceState, en.LastError = store.StateFailed, d.Reason.String()
	}
	l.entries[d.OrderID] = en
	return e.db.PutEntry(en)
}

// resolveUnknown looks up, in one list call per kind of document, the
// creates whose answer never came; found ones are done, the rest stay
// pending for the next run.
func (e *Engine) resolveUnknown(ctx context.Context, p *Plan, ds []*Decision, ls *ledgers, now time.Time) error {
	var orders, invoices []*Decision
	for _, d := range ds {
		if d.DocumentType == DocumentSalesInvoice {
			invoices = append(invoices, d)
		} else {
			orders = append(orders, d)
		}
	}
	for _, group := range []struct {
		ds   []*Decision
		list func(context.Context, string, string) ([]eracuni.Listed, error)
	}{{orders, e.books.SalesOrders}, {invoices, e.books.SalesInvoices}} {
		if len(group.ds) == 0 {
			continue
		}
		from, to := window(group.ds)
		if today := now.Format(dateLayout); anyInvoice(group.ds) && today > to {
			to = today
		}
		listed, err := group.list(context.WithoutCancel(ctx), from, to)
		if err != nil {
			continue // they stay pending and are looked up on the next run
		}
		found := indexListed(listed)
		for _, d := range group.ds {
			li, ok := found.of(d)
			if !ok {
				continue
			}
			l := ls.of(d.kind())
			en := l.entries[d.OrderID]
			en.State, en.DocumentID, en.DocumentNumber, en.LastError = store.StateDone, li.DocumentID, li.Number, ""
			l.entries[d.OrderID] = en
			if err := e.db.PutEntry(en); err != nil {
				return err
			}
			d.Action, d.Err = ActionCreate, nil
			d.DocumentID, d.DocumentNumber = li.DocumentID, li.Number
			d.Reason = createdReason(d.DocumentType, li.Number)
			p.Wrote = true
			if d.Invoice {
				if err := e.createInvoice(ctx, d, ls); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// failRest marks the orders after a refused login as not attempted.
func (e *Engine) failRest(rest []*Decision, cause error) {
	for _, d := range rest {
		if d.Action == ActionCreate {
			d.Action, d.Err, d.Invoice = ActionFail, cause, false
			d.Reason = explainError(cause)
		}
	}
}
