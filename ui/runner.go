package ui

import (
	"context"
	"errors"
	"strconv"

	"fyne.io/fyne/v2"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
)

type runKind int

const (
	kindPreview runKind = iota
	kindSync
	kindApply // import what the preview on screen showed
)

// startRun starts a preview or sync off the UI goroutine. Only one runs at a
// time; a second start is refused with the engine's own words. watched says
// the user started it from the window and is looking at it, so it needs no
// desktop notification. started, if set, runs once the run is accepted and
// before its work begins (the work's screen updates must come after it).
func (g *gui) startRun(kind runKind, trigger engine.Trigger, watched bool, started ...func()) bool {
	if g.busy {
		g.header.setNotice(explain(engine.BusyError{}))
		if !watched && trigger == engine.TriggerManual { // from the tray: the window may be hidden
			g.notify(tr("notify.busy.title", "Sync not started"), explain(engine.BusyError{}))
		}
		return false
	}
	if kind == kindApply && g.plan == nil {
		return false
	}
	g.busy = true
	g.header.setNotice("")
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	if kind != kindPreview {
		g.schedule.Started()
	}
	g.running.start(kind)
	g.tray.refresh()
	settings, preview := g.settings, g.plan
	for _, fn := range started {
		fn()
	}
	g.jobs.Add(1)
	go func() {
		defer g.jobs.Done()
		defer cancel()
		plan, err := g.execute(ctx, kind, trigger, settings, preview)
		g.do(func() { g.finishRun(kind, watched, plan, err) })
	}()
	return true
}

// execute runs on its own goroutine: keyring, network and the data file.
func (g *gui) execute(ctx context.Context, kind runKind, trigger engine.Trigger, s store.Settings, preview *engine.Plan) (*engine.Plan, error) {
	sctx, done := context.WithTimeout(ctx, secretTimeout)
	creds, err := engine.LoadCredentials(sctx, g.secrets, store.DefaultProfile, nil)
	done()
	if err != nil {
		return nil, err
	}
	shop, books, err := engine.Connect(s, creds, g.connectOpts...)
	if err != nil {
		return nil, err
	}
	eng := engine.New(engine.Config{DB: g.db, Shop: shop, Books: books})
	progress := func(p engine.Progress) {
		g.do(func() { g.running.update(p) })
		if g.onProgress != nil {
			g.onProgress(p)
		}
	}
	switch kind {
	case kindPreview:
		return eng.Preview(ctx, trigger, progress)
	case kindApply:
		return eng.Apply(ctx, preview, trigger, progress)
	default:
		return eng.Sync(ctx, trigger, progress)
	}
}

// finishRun shows the outcome where it belongs: a preview in the Preview
// tab, a sync in the header and the History tab.
func (g *gui) finishRun(kind runKind, watched bool, plan *engine.Plan, err error) {
	g.busy, g.cancel = false, nil
	if fn := g.afterRun; fn != nil {
		g.afterRun = nil
		defer fn()
	}
	if kind != kindPreview {
		g.schedule.Finished()
	}
	g.running.stop()
	if kind == kindPreview {
		if err != nil {
			g.preview.showError(explain(err))
		} else {
			g.plan = plan
			g.preview.show(plan)
		}
		if watched {
			g.tabs.Select(g.tabs.Items[0])
		}
		g.history.reload()
		g.refreshStatus()
		return
	}
	switch {
	case kind == kindApply && err == nil:
		g.plan = nil
		g.preview.showImported(plan)
	case kind == kindSync && g.plan != nil:
		g.plan = nil // what it showed may have been imported just now
		g.preview.markStale()
	}
	if err != nil {
		g.header.setNotice(explain(err))
	} else if plan != nil && plan.Err != nil {
		g.header.setNotice(explain(plan.Err))
	}
	g.loadLastRun()
	if watched {
		// Before selecting the run: a table scrolls to its selection only
		// once it is laid out, in a visible tab.
		g.tabs.Select(g.tabs.Items[1])
	}
	g.history.reload()
	if plan != nil {
		g.history.selectRun(plan.RunID)
	}
	g.refreshStatus()
	if !watched {
		g.notifyOutcome(plan, err)
	}
}

// notifyOutcome tells about a run nobody was watching: always when it failed
// or needs attention, and when documents were created if the user asked.
func (g *gui) notifyOutcome(plan *engine.Plan, err error) {
	if err == nil && plan != nil {
		err = plan.Err
	}
	var be engine.BusyError
	switch {
	case errors.As(err, &be):
		return
	case err != nil:
		g.notify(tr("notify.failed.title", "Sync failed"), explain(err))
	case plan == nil:
		return
	case plan.Counts.Failed > 0:
		g.notify(tr("notify.attention.title", "Sync needs attention"),
			tr("notify.attention.body", "{{.failed}} orders could not be imported. Open the app's History to see why.",
				"failed", strconv.Itoa(plan.Counts.Failed)))
	case plan.Counts.Created > 0 && g.settings.NotifyCreated:
		g.notify(tr("notify.created.title", "Orders imported"),
			tr("notify.created.body", "{{.created}} sales orders were created in e-računi.",
				"created", strconv.Itoa(plan.Counts.Created)))
	}
}

func (g *gui) notify(title, body string) {
	g.app.SendNotification(fyne.NewNotification(title, body))
}
