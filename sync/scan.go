package sync

import (
	"context"
	"strconv"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/whmcs"
)

type scanResult struct {
	decisions []Decision
	newest    int64
	// complete is true when the scan ended for a reason that proves every
	// older order is decided: the start date, the end of the list, or an
	// incremental stop.
	complete bool
}

// scan reads orders newest first and decides each one. A normal run stops
// reading at the first order that is already settled, older than every order
// still waiting, and inside what the last complete sync covered; and at the
// first order dated before the import start date.
func (e *Engine) scan(ctx context.Context, s store.Settings, l *ledger, c cursor, now time.Time, progress func(Progress)) (scanResult, error) {
	var r scanResult
	for o, err := range e.shop.Orders(ctx, whmcs.OrderFilter{}) {
		if err != nil {
			return r, err
		}
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if o.ID > r.newest {
			r.newest = o.ID
		}
		en, had := l.entries[o.ID]
		if had && c.Covered > 0 && o.ID <= c.Covered && o.ID < l.minWaiting && settled(en, s, now) {
			r.complete = true
			return r, nil
		}
		var ep *store.Entry
		if had {
			ep = &en
		}
		d := decide(o, ep, s, now)
		r.decisions = append(r.decisions, d)
		report(progress, Progress{Phase: PhaseReading, Done: len(r.decisions), OrderNum: o.OrderNum,
			Message: msgReading.With("count", strconv.Itoa(len(r.decisions)))})
		if stop := ordersReadBackTo(s); stop != "" && d.Date < stop {
			// WHMCS numbers orders as they come, so everything after this
			// one is older still.
			r.complete = true
			return r, nil
		}
	}
	r.complete = true
	return r, nil
}

// ordersReadBackTo is the date the order scan reads back to: the start
// date, or the invoice import's start date when that is earlier, so every
// invoice the invoice import looks at is known to belong to an order or not.
func ordersReadBackTo(s store.Settings) string {
	since := s.Since
	if s.Invoices.Enabled && since != "" {
		if is := invoiceSince(s); is < since {
			since = is
		}
	}
	return since
}
