package ui

import (
	"context"
	"os"

	"fyne.io/fyne/v2/widget"

	engine "whmcs-eracuni/sync"
)

// ScreenEnv names the environment variable that opens one screen at start,
// for `make screenshots` (scripts/screenshots). Values:
//
//	wizard-whmcs, wizard-eracuni   a wizard step, with its connection test run
//	wizard-options, wizard-summary a wizard step
//	preview                        the main window after a preview, first order selected
//	running                        a sync in progress
//	history                        the History tab after a sync
//	settings                       the Settings tab
//
// The main-window screens need a finished setup; when there is none (the
// demo starts fresh every time) the wizard's values, pre-filled by the
// demo, are saved as if the user had clicked through it.
const ScreenEnv = "WHMCS_ERACUNI_SCREEN"

// afterRun, when set, is called once the next run has finished and shown.
func (g *gui) onceAfterRun(fn func()) { g.afterRun = fn }

func openScreen(g *gui) {
	screen := os.Getenv(ScreenEnv)
	if screen == "" {
		return
	}
	switch screen {
	case "wizard-whmcs", "wizard-eracuni", "wizard-options", "wizard-summary":
		w := g.wizard
		if w == nil {
			return
		}
		switch screen {
		case "wizard-whmcs":
			w.wh.runTest(nil)
		case "wizard-eracuni":
			w.show(1)
			w.er.runTest(nil)
		case "wizard-options":
			w.show(2)
		case "wizard-summary":
			w.wh.apply(&w.s)
			w.er.apply(&w.s)
			_ = w.opt.apply(&w.s)
			w.show(3)
		}
		return
	}
	g.completeSetup(func() {
		switch screen {
		case "preview":
			g.onceAfterRun(func() {
				if len(g.preview.rows) > 0 {
					g.preview.table.Select(widget.TableCellID{Row: firstCreate(g.preview.rows), Col: 0})
				}
			})
			g.startRun(kindPreview, engine.TriggerManual, true)
		case "running":
			g.startRun(kindSync, engine.TriggerManual, true)
		case "history":
			g.startRun(kindSync, engine.TriggerManual, true)
		case "settings":
			g.tabs.SelectIndex(2)
		}
	})
}

func firstCreate(ds []engine.Decision) int {
	for i, d := range ds {
		if d.Action == engine.ActionCreate {
			return i
		}
	}
	return 0
}

// completeSetup saves what the wizard holds, as its Next buttons would, and
// opens the main window; with setup already complete it just calls next.
func (g *gui) completeSetup(next func()) {
	w := g.wizard
	if w == nil {
		next()
		return
	}
	s := w.s
	w.wh.apply(&s)
	w.er.apply(&s)
	if err := w.opt.apply(&s); err != nil {
		w.problem.SetText(err.Error())
		return
	}
	s.SetupComplete = true
	_, _, secret, key := w.wh.values()
	c := w.er.values()
	var err error
	g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), secretTimeout)
		defer cancel()
		if err = w.wh.saveSecrets(ctx, secret, key); err != nil {
			return
		}
		if err = w.er.saveSecrets(ctx, c); err != nil {
			return
		}
		err = g.db.SaveSettings(s)
	}, func() {
		if err != nil {
			w.problem.SetText(explain(err))
			return
		}
		g.useSettings(s)
		g.build()
		next()
		g.showSaved()
	})
}
