package ui

import (
	"crypto/sha256"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The field groups (whmcsfields.go, eracunifields.go, options.go) are shared
// by the wizard (one step each) and the settings screen, so both ask the
// same questions in the same words. This file holds what they share.

// fingerprint identifies the values a connection test passed with, so a
// test is not repeated for values it already proved (and is repeated as
// soon as one of them changes). Only a hash is kept.
func fingerprint(values ...string) [32]byte {
	return sha256.Sum256([]byte(strings.Join(values, "\x00")))
}

// setSaved says in an empty secret entry that the keyring holds the secret:
// an entry left empty keeps the saved one.
func setSaved(e *widget.Entry, saved bool) {
	if saved {
		e.SetPlaceHolder(tr("field.secret_saved", "Saved in the system keyring — type to replace"))
	} else {
		e.SetPlaceHolder("")
	}
}

// testThen goes on to next when the connection test is not needed or these
// values already passed it; otherwise it runs the test and goes on only if
// it passes, calling failed (which says so where the user looks) if not.
// The wizard and the settings screen both gate saving on it.
func testThen(needed, tested bool, test func(done func(ok bool)), next, failed func()) {
	if !needed || tested {
		next()
		return
	}
	test(func(ok bool) {
		if ok {
			next()
		} else {
			failed()
		}
	})
}

// checkList shows the outcome of a connection test, one line per check.
type checkList struct {
	box    *fyne.Container
	status *widget.Label
	lines  []*widget.Label
}

func newCheckList() *checkList {
	c := &checkList{box: container.NewVBox(), status: widget.NewLabel("")}
	c.status.Wrapping = fyne.TextWrapWord
	return c
}

func (c *checkList) content() fyne.CanvasObject { return container.NewVBox(c.status, c.box) }

func (c *checkList) reset(status string) {
	c.box.RemoveAll()
	c.lines = nil
	c.status.SetText(status)
}

func (c *checkList) add(ok bool, warn bool, text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	var icon fyne.Resource = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	switch {
	case warn:
		icon = theme.NewWarningThemedResource(theme.WarningIcon())
	case !ok:
		icon = theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	c.lines = append(c.lines, l)
	c.box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l))
}

// text is everything the list shows, for tests and the summary.
func (c *checkList) text() string {
	parts := []string{c.status.Text}
	for _, l := range c.lines {
		parts = append(parts, l.Text)
	}
	return strings.Join(parts, "\n")
}
