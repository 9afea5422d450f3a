package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"whmcs-eracuni/assets"
	engine "whmcs-eracuni/sync"
)

// tray is the system tray menu: Sync now, Open, Pause/Resume, a line with
// the last result, Quit. Its icon carries an orange or red dot when the last
// sync needs attention or failed. The menu is built even where no tray
// shows (tests, desktops without a tray host) so its actions can be used.
type tray struct {
	g         *gui
	menu      *fyne.Menu
	status    *fyne.MenuItem
	syncNow   *fyne.MenuItem
	open      *fyne.MenuItem
	pause     *fyne.MenuItem
	quit      *fyne.MenuItem
	desk      desktop.App // nil until installed
	installed bool
}

func newTray(g *gui) *tray {
	t := &tray{g: g}
	t.build()
	return t
}

// build makes the menu items in the current language.
func (t *tray) build() {
	g := t.g
	t.status = fyne.NewMenuItem("", nil)
	t.status.Disabled = true
	t.syncNow = fyne.NewMenuItem(tr("tray.sync_now", "Sync now"), func() {
		if g.settings.SetupComplete {
			g.startRun(kindSync, engine.TriggerManual, false)
		} else {
			t.onOpen()
		}
	})
	t.open = fyne.NewMenuItem(tr("tray.open", "Open"), t.onOpen)
	t.pause = fyne.NewMenuItem("", t.onPause)
	t.quit = fyne.NewMenuItem(tr("tray.quit", "Quit"), g.quit)
	t.quit.IsQuit = true
	t.menu = fyne.NewMenu(tr("app.title", "WHMCS → e-računi"),
		t.status, fyne.NewMenuItemSeparator(), t.syncNow, t.open, t.pause, fyne.NewMenuItemSeparator(), t.quit)
}

// install shows the tray; without a tray host it stays hidden, and closing
// the window quits instead of hiding it.
func (g *gui) installTray() {
	desk, ok := g.app.(desktop.App)
	if !ok || !g.trayHost() {
		g.win.SetCloseIntercept(g.onClose)
		return
	}
	g.tray.desk, g.tray.installed = desk, true
	desk.SetSystemTrayMenu(g.tray.menu)
	desk.SetSystemTrayWindow(g.win)
	g.tray.refresh()
	g.win.SetCloseIntercept(g.onClose) // after SetSystemTrayWindow, which sets its own
}

// onClose hides the window to the tray only when a tray host is there to
// bring it back (it may have gone since start-up); otherwise it quits.
func (g *gui) onClose() {
	if g.tray.installed && g.trayHost() {
		g.win.Hide()
		return
	}
	g.quit()
}

func (t *tray) onOpen() {
	t.g.win.Show()
	t.g.win.RequestFocus()
}

func (t *tray) onPause() {
	g := t.g
	s := g.settings
	s.Paused = !s.Paused
	var err error
	g.background(func() { err = g.db.SaveSettings(s) }, func() {
		if err != nil {
			g.header.setNotice(explain(err))
			return
		}
		g.useSettings(s)
		g.prefs.paused.SetChecked(s.Paused)
		g.refreshStatus()
	})
}

// refresh updates the menu's texts and the icon to the current state.
func (t *tray) refresh() {
	g := t.g
	if g.settings.Paused {
		t.pause.Label = tr("tray.resume", "Resume automatic sync")
	} else {
		t.pause.Label = tr("tray.pause", "Pause automatic sync")
	}
	t.pause.Disabled = g.settings.Interval <= 0
	hl := runHealth(g.lastRun)
	switch {
	case g.busy:
		t.status.Label = tr("tray.running", "Sync running…")
	case hl == healthUnknown:
		t.status.Label = tr("tray.no_sync", "No sync yet")
	case hl == healthFailed:
		t.status.Label = tr("tray.failed", "Last sync failed ({{.when}})", "when", formatClock(g.lastRun.Started, time.Now()))
	case hl == healthWarning:
		t.status.Label = tr("tray.warning", "Last sync needs attention ({{.when}})", "when", formatClock(g.lastRun.Started, time.Now()))
	default:
		t.status.Label = tr("tray.fine", "Last sync fine ({{.when}})", "when", formatClock(g.lastRun.Started, time.Now()))
	}
	if !t.installed {
		return
	}
	t.desk.SetSystemTrayMenu(t.menu)
	switch hl {
	case healthFailed:
		t.desk.SetSystemTrayIcon(assets.IconFailed)
	case healthWarning:
		t.desk.SetSystemTrayIcon(assets.IconWarning)
	default:
		t.desk.SetSystemTrayIcon(assets.Icon)
	}
}
