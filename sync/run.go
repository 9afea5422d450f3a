package sync

import (
	"context"
	"errors"
	"sort"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

var (
	msgCancelled = message.Define("sync.cancelled",
		"The run was cancelled; everything done until then is kept, and the rest is picked up on the next run.")
	reasonNotReached = message.Define("sync.reason.not_reached",
		"Not created: the run was cancelled before this order; it will be created on the next run")
	reasonNotInPreview = message.Define("sync.reason.not_in_preview",
		"Arrived after the preview was made; it will be imported on the next sync")
)

// SetupError means the run stopped before anything was written: a
// configuration, authentication, permission or connection problem.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return explainError(e.Err).String() }
func (e *SetupError) Unwrap() error { return e.Err }
func (e *SetupError) Explain() message.Message {
	return explainError(e.Err)
}

// CancelledError is the run-level error of a cancelled run.
type CancelledError struct{}

func (CancelledError) Error() string            { return msgCancelled.With().String() }
func (CancelledError) Explain() message.Message { return msgCancelled.With() }

// Preview computes the full plan and writes nothing to e-računi: the only
// e-računi call is one list of the documents already there. The run is kept
// in the history, marked as a preview.
func (e *Engine) Preview(ctx context.Context, trigger Trigger, progress func(Progress)) (*Plan, error) {
	return e.run(ctx, runOptions{dryRun: true, trigger: trigger}, progress)
}

// Sync decides and imports every order that qualifies.
func (e *Engine) Sync(ctx context.Context, trigger Trigger, progress func(Progress)) (*Plan, error) {
	return e.run(ctx, runOptions{trigger: trigger}, progress)
}

// Apply imports what a preview showed: it decides again with fresh data and
// creates the orders that the preview listed for creation and still qualify.
func (e *Engine) Apply(ctx context.Context, preview *Plan, trigger Trigger, progress func(Progress)) (*Plan, error) {
	only := map[recordKey]bool{}
	for _, d := range preview.Decisions {
		if d.Action == ActionCreate || d.Invoice {
			only[d.key()] = true
		}
	}
	return e.run(ctx, runOptions{trigger: trigger, only: only}, progress)
}

type runOptions struct {
	dryRun  bool
	trigger Trigger
	only    map[recordKey]bool // Apply: create only these
}

func (e *Engine) run(ctx context.Context, opt runOptions, progress func(Progress)) (*Plan, error) {
	if err := e.acquire(); err != nil {
		return nil, err
	}
	defer e.release()

	now := e.now()
	p := &Plan{RunID: store.NewRunID(now), DryRun: opt.dryRun, Trigger: opt.trigger, Started: now}
	s, _, err := e.db.Settings()
	if err != nil {
		return nil, &SetupError{Err: err}
	}
	ls := &ledgers{}
	if ls.order, err = e.loadLedger(store.KindOrder, s, now); err != nil {
		return nil, &SetupError{Err: err}
	}
	cur, err := e.loadCursor(s)
	if err != nil {
		return nil, &SetupError{Err: err}
	}
	var icur cursor
	var freshInvoices bool
	if s.Invoices.Enabled {
		if ls.invoice, err = e.loadLedger(store.KindInvoice, s, now); err != nil {
			return nil, &SetupError{Err: err}
		}
		if icur, freshInvoices, err = e.loadInvoiceCursor(s); err != nil {
			return nil, &SetupError{Err: err}
		}
	}

	sc, scanErr := e.scan(ctx, s, ls.order, cur, now, progress)
	p.Decisions = sc.decisions
	if scanErr != nil && len(p.Decisions) == 0 {
		return e.finishFailed(p, scanErr)
	}
	// Invoices are read only after every order they could belong to: with
	// the order scan cut short, an order's invoice could pass for one of
	// its own.
	var isc scanResult
	var sums map[int64]whmcs.InvoiceSummary
	if s.Invoices.Enabled && scanErr == nil {
		isc, scanErr = e.scanInvoices(ctx, s, ls.invoice, icur, invoiceOwners(sc.decisions, ls), now, progress)
		p.Decisions = append(p.Decisions, isc.decisions...)
		sums = map[int64]whmcs.InvoiceSummary{}
		for _, d := range isc.decisions {
			sums[d.OrderID] = d.summary
		}
		if scanErr == nil {
			scanErr = e.watchRefunds(ctx, ls, p, now)
		}
	}
	if err := e.lookup(ctx, p.Decisions, freshInvoices, now, progress); err != nil {
		return e.finishFailed(p, err)
	}
	if err := e.prepare(ctx, s, p.Decisions, sums, progress); err != nil {
		return e.finishFailed(p, err)
	}
	if opt.only != nil {
		for i := range p.Decisions {
			d := &p.Decisions[i]
			if d.Action == ActionCreate && !opt.only[d.key()] {
				d.Action, d.Reason, d.Document, d.Invoice = ActionSkip, reasonNotInPreview.With(), nil, false
			}
		}
	}
	p.Err = scanErr
	if !opt.dryRun {
		if err := e.recordDecisions(p.Decisions, ls); err != nil {
			return e.finishFailed(p, err)
		}
		applyErr := e.apply(ctx, s, p, ls, progress)
		if applyErr != nil {
			p.Err = applyErr
		}
		if p.Err == nil && sc.complete && opt.only == nil {
			if err := e.saveCursor(s, sc.newest, cur); err != nil {
				p.Err = err
			}
		}
		if p.Err == nil && s.Invoices.Enabled && isc.complete && opt.only == nil {
			if err := e.saveInvoiceCursor(s, isc.newest, icur); err != nil {
				p.Err = err
			}
		}
		if isSetup(applyErr) && !p.Wrote {
			return e.finishFailed(p, applyErr)
		}
	}
	report(progress, Progress{Phase: PhaseDone, Message: msgDone.With()})
	return e.finish(p, s)
}

// finishFailed records a run that stopped before writing anything.
func (e *Engine) finishFailed(p *Plan, err error) (*Plan, error) {
	if errors.Is(err, context.Canceled) {
		err = CancelledError{}
	}
	p.Err = err
	s, _, _ := e.db.Settings()
	_, _ = e.finish(p, s)
	var be BusyError
	if errors.As(err, &be) {
		return p, err
	}
	return p, &SetupError{Err: err}
}

func (e *Engine) finish(p *Plan, s store.Settings) (*Plan, error) {
	p.Finished = e.now()
	if errors.Is(p.Err, context.Canceled) {
		p.Err = CancelledError{}
	}
	// Orders first, then invoices, each newest first.
	sort.SliceStable(p.Decisions, func(i, j int) bool {
		if a, b := p.Decisions[i].IsInvoice(), p.Decisions[j].IsInvoice(); a != b {
			return b
		}
		return p.Decisions[i].OrderID > p.Decisions[j].OrderID
	})
	p.count()
	if err := e.db.SaveRun(runRecord(p)); err != nil && p.Err == nil {
		p.Err = err
	}
	limit := s.HistoryLimit
	if limit <= 0 {
		limit = 200
	}
	_, _ = e.db.PruneRuns(limit)
	return p, nil
}
