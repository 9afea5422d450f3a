// Package ui is the desktop app: setup wizard, preview, sync, history,
// settings and the tray with automatic syncs. It only drives the engine
// (package sync) and the store; every slow call (network, keyring) runs off
// the UI goroutine and reports back through fyne.Do.
package ui

import (
	"context"
	"os"
	"os/signal"
	gosync "sync"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"whmcs-eracuni/assets"
	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/whmcs"
)

// AppID is the Fyne application id; it also names the preferences folder.
const AppID = "si.eracuni.whmcs"

// secretTimeout bounds one round of keyring calls; a locked keyring would
// otherwise keep a button busy for ever.
const secretTimeout = 15 * time.Second

// checkTimeout bounds a "Test connection".
const checkTimeout = 90 * time.Second

// Run opens the desktop app and returns when it quits.
func Run(opts cli.GUIOptions) error {
	a := app.NewWithID(AppID)
	a.SetIcon(assets.Icon)
	if opts.OpenError != nil {
		return runStartupProblem(a, opts)
	}
	g, err := newGUI(a, opts)
	if err != nil {
		return err
	}
	g.installTray()
	g.quitOnSignal()
	g.startTicker(tickEvery)
	openScreen(g) // WHMCS_ERACUNI_SCREEN, for the screenshots
	g.win.ShowAndRun()
	g.shutdown()
	return nil
}

// gui is the whole app. Widgets a test taps are reachable from here; all
// fields are used on the UI goroutine only, unless a comment says otherwise.
type gui struct {
	app     fyne.App
	win     fyne.Window
	db      *store.DB
	secrets store.Secrets
	demo    *cli.Demo

	// now is the scheduler's clock; tests inject one.
	now func() time.Time
	// trayHost says whether a tray host runs now (trayHostAvailable; tests
	// inject one).
	trayHost func() bool
	// connectOpts adjust the e-računi client: the demo and the tests pace
	// their double faster than the real service allows.
	connectOpts []engine.ConnectOption
	// onProgress, when set, sees every progress report on the engine's
	// goroutine once the screen shows it (tests hold a run there).
	onProgress func(engine.Progress)
	// afterRun, when set, runs once after the next run is shown.
	afterRun func()

	jobs     gosync.WaitGroup // background work in flight
	stopped  atomic.Bool      // the app is quitting: no more screen updates
	stopTick func()

	settings store.Settings
	schedule *engine.Schedule

	busy    bool               // a preview or sync is running
	cancel  context.CancelFunc // cancels the running one
	plan    *engine.Plan       // the preview on screen, for "Import these"
	lastRun *store.Run         // the latest sync (not preview) in the history

	banner  fyne.CanvasObject
	wizard  *wizard
	header  *header
	running *runningView
	preview *previewScreen
	history *historyScreen
	prefs   *settingsScreen
	tabs    *container.AppTabs
	tray    *tray
	main    fyne.CanvasObject
}

// newGUI builds the app on a (a test app in tests) without showing it.
func newGUI(a fyne.App, opts cli.GUIOptions) (*gui, error) {
	s, _, err := opts.DB.Settings()
	if err != nil {
		return nil, err
	}
	g := &gui{
		app: a, db: opts.DB, secrets: opts.Secrets, demo: opts.Demo,
		now:      time.Now,
		trayHost: trayHostAvailable,
		settings: s,
	}
	if opts.Demo != nil {
		g.connectOpts = opts.Demo.Connect
	}
	useLanguage(s.Language)
	g.win = a.NewWindow(tr("app.title", "WHMCS → e-računi"))
	g.win.Resize(fyne.NewSize(1180, 760))
	g.win.SetMaster()
	g.loadLastRun()
	g.schedule = engine.NewSchedule(func() time.Time { return g.now() }, s.Interval, g.lastSyncStart())
	g.schedule.SetPaused(s.Paused)
	g.tray = newTray(g)
	g.build()
	g.showSaved()
	return g, nil
}

// build makes every screen in the current language and shows the wizard
// until setup is complete, the main window after.
func (g *gui) build() {
	g.banner = newDemoBanner(g.demo != nil)
	g.header = newHeader(g)
	g.running = newRunningView(g)
	g.preview = newPreviewScreen(g)
	g.history = newHistoryScreen(g)
	g.prefs = newSettingsScreen(g)
	g.tabs = container.NewAppTabs(
		container.NewTabItem(tr("tab.preview", "Preview"), g.preview.content),
		container.NewTabItem(tr("tab.history", "History"), g.history.content),
		container.NewTabItem(tr("tab.settings", "Settings"), g.prefs.content),
	)
	g.tabs.OnSelected = func(ti *container.TabItem) {
		if ti.Content == g.history.content {
			g.history.onShown()
		}
	}
	g.main = container.NewBorder(
		container.NewVBox(g.banner, g.header.content, g.running.content), nil, nil, nil, g.tabs)
	g.tray.refresh()
	if g.settings.SetupComplete {
		g.wizard = nil
		g.win.SetContent(g.main)
		g.refreshStatus()
		if g.plan != nil {
			g.preview.show(g.plan)
		}
	} else {
		g.wizard = newWizard(g)
		g.win.SetContent(container.NewBorder(g.banner, nil, nil, nil, g.wizard.content))
	}
}

// showSaved marks the secret entries whose secret the keyring holds. It
// starts background work, so callers call it last: in tests the work's
// ending runs on its own goroutine, alongside anything that follows.
func (g *gui) showSaved() {
	g.probeSaved(func(saved map[string]bool) {
		for _, f := range []*whmcsFields{g.prefs.wh, g.wizardWH()} {
			if f != nil {
				f.setSaved(saved)
			}
		}
		for _, f := range []*eracuniFields{g.prefs.er, g.wizardER()} {
			if f != nil {
				f.setSaved(saved)
			}
		}
	})
}

func (g *gui) wizardWH() *whmcsFields {
	if g.wizard == nil {
		return nil
	}
	return g.wizard.wh
}

func (g *gui) wizardER() *eracuniFields {
	if g.wizard == nil {
		return nil
	}
	return g.wizard.er
}

// showMain leaves the wizard for the main window.
func (g *gui) showMain() {
	g.wizard = nil
	g.win.SetContent(g.main)
	g.refreshStatus()
}

// rebuild redraws everything after the language changed, keeping the tab,
// and shows status in the settings.
func (g *gui) rebuild(status string) {
	tab := 0
	if g.tabs != nil {
		tab = g.tabs.SelectedIndex()
	}
	g.win.SetTitle(tr("app.title", "WHMCS → e-računi"))
	g.tray.build()
	g.build()
	g.tabs.SelectIndex(tab)
	g.prefs.status.SetText(status)
	g.showSaved()
}

// background runs work off the UI goroutine and then done on it.
func (g *gui) background(work func(), done func()) {
	g.jobs.Add(1)
	go func() {
		defer g.jobs.Done()
		work()
		g.do(done)
	}()
}

// do runs fn on the UI goroutine unless the app is quitting.
func (g *gui) do(fn func()) {
	if g.stopped.Load() || fn == nil {
		return
	}
	fyne.Do(fn)
}

// wait blocks until all background work is done (tests, shutdown).
func (g *gui) wait() { g.jobs.Wait() }

// quit stops a running sync between orders and closes the app.
func (g *gui) quit() {
	if g.cancel != nil {
		g.cancel()
	}
	g.app.Quit()
}

// quitOnSignal makes Ctrl-C and SIGTERM quit like the tray's Quit: a
// running sync stops between orders and its ledger is written.
func (g *gui) quitOnSignal() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		g.do(g.quit)
	}()
}

// shutdown lets a cancelled run write its ledger before the data file is
// closed by the caller; the e-računi client's own timeout bounds the wait.
func (g *gui) shutdown() {
	g.stopped.Store(true)
	if g.stopTick != nil {
		g.stopTick()
	}
	if g.cancel != nil {
		g.cancel()
	}
	done := make(chan struct{})
	go func() { g.jobs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
	}
}

// useSettings makes s, just saved, the settings in use: the automatic
// sync follows its interval and pause at once. Runs on the UI goroutine.
func (g *gui) useSettings(s store.Settings) {
	g.settings = s
	g.schedule.SetInterval(s.Interval)
	g.schedule.SetPaused(s.Paused)
}

// newERacuni builds an e-računi client with the app's connect options.
func (g *gui) newERacuni(cfg eracuni.Config) (*eracuni.API, error) {
	for _, o := range g.connectOpts {
		o(&cfg)
	}
	return eracuni.New(cfg)
}

// newWHMCS builds a WHMCS client.
func (g *gui) newWHMCS(cfg whmcs.Config) (*whmcs.API, error) { return whmcs.New(cfg) }
