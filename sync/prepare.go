package sync

import (
	"context"
	gosync "sync"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// prepare reads the client details the documents need — once per client,
// a few at a time — and builds the exact sales order for every create.
// A client that cannot be read fails its orders; a missing permission or a
// refused login stops the run, since every order would fail the same way.
func (e *Engine) prepare(ctx context.Context, s store.Settings, ds []Decision, progress func(Progress)) error {
	ids := map[int64]bool{}
	for _, d := range ds {
		if d.Action == ActionCreate {
			ids[d.clientID] = true
		}
	}
	if len(ids) == 0 {
		return nil
	}
	report(progress, Progress{Phase: PhaseChecking, Message: msgClients.With()})
	type result struct {
		c   whmcs.Client
		err error
	}
	var (
		mu      gosync.Mutex
		clients = make(map[int64]result, len(ids))
		wg      gosync.WaitGroup
		sem     = make(chan struct{}, e.concurrency)
	)
	for id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				mu.Lock()
				clients[id] = result{err: ctx.Err()}
				mu.Unlock()
				return
			}
			defer func() { <-sem }()
			c, err := e.shop.Client(ctx, id)
			mu.Lock()
			clients[id] = result{c, err}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, r := range clients {
		if r.err != nil && stopsRun(r.err) {
			return r.err
		}
	}
	for i := range ds {
		d := &ds[i]
		if d.Action != ActionCreate {
			continue
		}
		r := clients[d.clientID]
		if r.err != nil {
			d.Action, d.Err = ActionFail, &orderError{msg: msgClientUnreadable.With("order", d.OrderNum), err: r.err}
			d.Reason = explainError(d.Err)
			continue
		}
		so := buildSalesOrder(orderFor(d), r.c, s)
		d.Document = &so
		if name := r.c.Name(); name != "" {
			d.Client = name
		}
	}
	return nil
}

var msgClientUnreadable = message.Define("sync.fail.client",
	"The client of order {{.order}} could not be read from WHMCS, so its buyer is unknown")

// orderFor keeps the order each decision came from, for building its document.
func orderFor(d *Decision) whmcs.Order { return d.order }

// stopsRun tells the errors that would fail every order alike.
func stopsRun(err error) bool {
	for _, k := range []whmcs.Kind{whmcs.KindAuth, whmcs.KindPermission, whmcs.KindIPBanned, whmcs.KindIPNotAllowed} {
		if whmcs.IsKind(err, k) {
			return true
		}
	}
	return false
}
