package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
)

// startupProblem is the small window shown instead of the app when the data
// file cannot be opened. It says why in the user's language and, for a
// damaged or foreign file, offers the way out: move the file aside (it is
// renamed beside itself, never deleted) and continue with a new one. A file
// from a newer version, or one another instance holds, is only explained.
type startupProblem struct {
	app    fyne.App
	win    fyne.Window
	text   *widget.Label
	hint   *widget.Label
	status *widget.Label
	moveB  *widget.Button
	quitB  *widget.Button

	dir string
	// err is the problem still standing; nil once the file was moved aside
	// and the app continued.
	err error
	// continueWith opens the app on the new data file.
	continueWith func(*store.DB) error
}

func newStartupProblem(a fyne.App, dir string, openErr error, continueWith func(*store.DB) error) *startupProblem {
	p := &startupProblem{app: a, dir: dir, err: openErr, continueWith: continueWith}
	p.win = a.NewWindow(tr("startup.title", "WHMCS → e-računi: the data file cannot be opened"))
	p.text = widget.NewLabel(explain(openErr))
	p.text.Wrapping = fyne.TextWrapWord
	p.hint = widget.NewLabel("")
	p.hint.Wrapping = fyne.TextWrapWord
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.moveB = widget.NewButtonWithIcon(tr("startup.move_aside", "Move it aside and continue"), theme.ConfirmIcon(), p.onMoveAside)
	p.moveB.Importance = widget.HighImportance
	p.quitB = widget.NewButton(tr("startup.quit", "Quit"), p.onQuit)

	var corrupt *store.CorruptError
	var newer *store.NewerVersionError
	var newerRecord *store.RecordVersionError
	buttons := container.NewHBox(p.quitB)
	switch {
	case errors.As(openErr, &corrupt):
		p.hint.SetText(tr("startup.corrupt_hint", "Moving it aside keeps the file: it is renamed to whmcs-eracuni.db.broken-<time> in the same folder, and the app starts with a new, empty data file. The settings were in the old file, so the setup opens again; the saved passwords stay in the system keyring, and orders already in e-računi are recognised, not created again."))
		buttons = container.NewHBox(p.quitB, p.moveB)
	case errors.As(openErr, &newer), errors.As(openErr, &newerRecord):
		p.hint.SetText(tr("startup.newer_hint", "The file was left untouched. Install the newer version of whmcs-eracuni to use it."))
	}
	p.win.SetContent(container.NewPadded(container.NewBorder(nil,
		container.NewVBox(p.status, container.NewBorder(nil, nil, nil, buttons)), nil, nil,
		container.NewVBox(p.text, p.hint))))
	p.win.Resize(fyne.NewSize(620, 320))
	p.win.SetCloseIntercept(p.onQuit)
	return p
}

// onMoveAside renames the damaged file, opens a new one and continues into
// the app. The data folder is local, so this runs on the UI goroutine.
func (p *startupProblem) onMoveAside() {
	p.moveB.Disable()
	moved, err := store.MoveAside(p.dir)
	if err != nil {
		p.status.SetText(explain(err))
		p.moveB.Enable()
		return
	}
	p.status.SetText(tr("startup.moved", "Moved to {{.path}}; nothing was deleted.", "path", moved))
	db, err := store.Open(p.dir)
	if err != nil {
		p.err = err
		p.text.SetText(explain(err))
		p.hint.SetText("")
		return
	}
	if err := p.continueWith(db); err != nil {
		_ = db.Close()
		p.err = err
		p.text.SetText(explain(err))
		return
	}
	p.err = nil
	p.win.Close()
}

func (p *startupProblem) onQuit() { p.app.Quit() }

// runStartupProblem shows the window and, once the user moved the file
// aside, the app itself in the same run loop. It returns the problem when
// the user quit without resolving it.
func runStartupProblem(a fyne.App, opts cli.GUIOptions) error {
	useLanguage("")
	var g *gui
	var db *store.DB
	p := newStartupProblem(a, opts.DataDir, opts.OpenError, func(opened *store.DB) error {
		o := opts
		o.DB, o.OpenError = opened, nil
		started, err := newGUI(a, o)
		if err != nil {
			return err
		}
		db, g = opened, started
		g.installTray()
		g.quitOnSignal()
		g.startTicker(tickEvery)
		g.win.Show()
		return nil
	})
	p.win.ShowAndRun()
	if g != nil {
		g.shutdown()
	}
	if db != nil {
		_ = db.Close()
	}
	return p.err
}
