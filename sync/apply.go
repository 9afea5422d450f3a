package sync

import (
	"context"
	"sort"
	"strconv"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
)

// apply creates the planned documents, oldest order first so e-računi's
// numbers follow WHMCS. Each create is marked pending in the ledger (and
// committed) before the call and done after it; an answer that never came
// leaves it pending, and it is looked up — never sent again blindly. A
// cancel stops between orders: the order in flight finishes first.
func (e *Engine) apply(ctx context.Context, s store.Settings, p *Plan, l *ledger, progress func(Progress)) error {
	var work []*Decision
	for i := range p.Decisions {
		d := &p.Decisions[i]
		if d.Action == ActionCreate || (d.Action == ActionAlready && d.Invoice) {
			work = append(work, d)
		}
	}
	sort.Slice(work, func(i, j int) bool { return work[i].OrderID < work[j].OrderID })
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
			Message: msgCreating.With("order", d.OrderNum, "client", d.Client)})
		if d.Action == ActionCreate {
			outcome, err := e.createOrder(ctx, d, l)
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
		return e.resolveUnknown(ctx, p, unknown, l)
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

func (e *Engine) createOrder(ctx context.Context, d *Decision, l *ledger) (outcome, error) {
	en := l.entries[d.OrderID]
	en.Kind, en.ID, en.Number, en.Date = ledgerKind, d.OrderID, d.OrderNum, d.Date
	en.State, en.Reason, en.Attempts = store.StatePending, "", en.Attempts+1
	if err := e.db.PutEntry(en); err != nil {
		return outcomeFailed, err
	}
	l.entries[d.OrderID] = en
	// The call itself is not cancelled midway: a cancel waits for its answer
	// so the ledger knows what happened. The client's own timeout bounds it.
	doc, err := e.books.CreateSalesOrder(context.WithoutCancel(ctx), *d.Document)
	switch {
	case err == nil:
		en.State, en.DocumentID, en.DocumentNumber, en.LastError = store.StateDone, doc.DocumentID, doc.Number, ""
		d.DocumentID, d.DocumentNumber = doc.DocumentID, doc.Number
		d.Reason = reasonCreated.With("number", doc.Number)
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

func (e *Engine) createInvoice(ctx context.Context, d *Decision, l *ledger) error {
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

// resolveUnknown looks up, in one list call, the creates whose answer never
// came; found ones are done, the rest stay pending for the next run.
func (e *Engine) resolveUnknown(ctx context.Context, p *Plan, ds []*Decision, l *ledger) error {
	from, to := window(ds)
	listed, err := e.books.SalesOrders(context.WithoutCancel(ctx), from, to)
	if err != nil {
		return nil // they stay pending and are looked up on the next run
	}
	byNum := map[string]eracuni.Listed{}
	for _, li := range listed {
		if n, ok := orderNumFromReference(li.Reference); ok {
			byNum[n] = li
		}
	}
	for _, d := range ds {
		li, ok := byNum[d.OrderNum]
		if !ok {
			continue
		}
		en := l.entries[d.OrderID]
		en.State, en.DocumentID, en.DocumentNumber, en.LastError = store.StateDone, li.DocumentID, li.Number, ""
		l.entries[d.OrderID] = en
		if err := e.db.PutEntry(en); err != nil {
			return err
		}
		d.Action, d.Err = ActionCreate, nil
		d.DocumentID, d.DocumentNumber = li.DocumentID, li.Number
		d.Reason = reasonCreated.With("number", li.Number)
		p.Wrote = true
		if d.Invoice {
			if err := e.createInvoice(ctx, d, l); err != nil {
				return err
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

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
