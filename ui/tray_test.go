package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"whmcs-eracuni/cli"
)

// desktopApp is the test app with a system tray, as the real one on
// Windows, macOS and Linux: it records the tray it is given and whether the
// app quit, and its windows record being hidden and their close handler.
type desktopApp struct {
	fyne.App
	menu  *fyne.Menu
	quits int
	win   *recordingWindow
}

func (a *desktopApp) SetSystemTrayMenu(m *fyne.Menu)  { a.menu = m }
func (a *desktopApp) SetSystemTrayIcon(fyne.Resource) {}
func (a *desktopApp) SetSystemTrayWindow(fyne.Window) {}
func (a *desktopApp) Quit()                           { a.quits++ }
func (a *desktopApp) NewWindow(title string) fyne.Window {
	a.win = &recordingWindow{Window: a.App.NewWindow(title)}
	return a.win
}

type recordingWindow struct {
	fyne.Window
	onClose func()
	hidden  bool
}

func (w *recordingWindow) SetCloseIntercept(f func()) { w.onClose = f; w.Window.SetCloseIntercept(f) }
func (w *recordingWindow) Hide()                      { w.hidden = true; w.Window.Hide() }
func (w *recordingWindow) Show()                      { w.hidden = false; w.Window.Show() }

// openWithTray builds the app on a desktopApp whose tray host runs while
// *host is true, and installs the tray as Run does.
func (w *world) openWithTray(host *bool) (*gui, *desktopApp) {
	w.t.Helper()
	a := &desktopApp{App: test.NewTempApp(w.t)}
	g, err := newGUI(a, cli.GUIOptions{DB: w.db, Secrets: w.secrets})
	if err != nil {
		w.t.Fatal(err)
	}
	g.trayHost = func() bool { return *host }
	g.installTray()
	w.t.Cleanup(g.wait)
	return g, a
}

func TestClosingHidesToTheTrayOnlyWhileATrayHostRuns(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	host := true
	_, a := w.openWithTray(&host)
	if a.menu == nil || len(a.menu.Items) == 0 {
		t.Fatal("no tray menu with a tray host running")
	}
	a.win.onClose()
	if !a.win.hidden || a.quits != 0 {
		t.Fatalf("closing with a tray: hidden %v, quit %d times; want hidden, running", a.win.hidden, a.quits)
	}
	a.win.Show()
	host = false // the panel showing the tray went away
	a.win.onClose()
	if a.quits != 1 {
		t.Fatalf("closing after the tray host left: quit %d times, want 1 (a hidden window could not come back)", a.quits)
	}
}

func TestWithoutATrayHostClosingQuits(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	host := false
	_, a := w.openWithTray(&host)
	if a.menu != nil {
		t.Error("a tray menu was set up with no tray host to show it")
	}
	a.win.onClose()
	if a.win.hidden || a.quits != 1 {
		t.Fatalf("closing without a tray: hidden %v, quit %d times; want quit", a.win.hidden, a.quits)
	}
}
