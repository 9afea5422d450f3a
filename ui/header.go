package ui

import (
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
)

// health is how the last sync went, for the header and the tray.
type health int

const (
	healthUnknown health = iota // no sync yet
	healthFine
	healthWarning // some orders failed
	healthFailed  // the run as a whole failed
)

func runHealth(r *store.Run) health {
	switch {
	case r == nil:
		return healthUnknown
	case r.Error != "":
		return healthFailed
	case r.Failed > 0:
		return healthWarning
	}
	return healthFine
}

// newDemoBanner is the strip that says the data is not real; empty when
// not in demo mode.
func newDemoBanner(demo bool) fyne.CanvasObject {
	if !demo {
		return layout.NewSpacer()
	}
	bg := canvas.NewRectangle(color.NRGBA{R: 0xf5, G: 0xa6, B: 0x23, A: 0xff})
	text := canvas.NewText(tr("demo.banner", "Demo — no real data"), color.Black)
	text.TextStyle = fyne.TextStyle{Bold: true}
	text.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewPadded(text))
}

// header shows the state at a glance: the last sync and how it went, when
// the next automatic one runs, and the two buttons that start a run.
type header struct {
	g       *gui
	content fyne.CanvasObject

	icon      *widget.Icon
	lastRun   *widget.Label
	nextRun   *widget.Label
	notice    *widget.Label // a message about what just happened (e.g. busy)
	noticeBox *fyne.Container
	syncNow   *widget.Button
	preview   *widget.Button
}

func newHeader(g *gui) *header {
	h := &header{g: g}
	h.icon = widget.NewIcon(theme.InfoIcon())
	h.lastRun = widget.NewLabel("")
	h.lastRun.TextStyle = fyne.TextStyle{Bold: true}
	h.lastRun.Wrapping = fyne.TextWrapWord
	h.nextRun = widget.NewLabel("")
	h.notice = widget.NewLabel("")
	h.notice.Wrapping = fyne.TextWrapWord
	h.noticeBox = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, h.notice)
	h.noticeBox.Hide()
	h.preview = widget.NewButtonWithIcon(tr("header.preview", "Preview"), theme.VisibilityIcon(), h.onPreview)
	h.syncNow = widget.NewButtonWithIcon(tr("header.sync_now", "Sync now"), theme.ViewRefreshIcon(), h.onSyncNow)
	h.syncNow.Importance = widget.HighImportance
	texts := container.NewVBox(h.lastRun, h.nextRun)
	buttons := container.NewHBox(h.preview, h.syncNow)
	row := container.NewBorder(nil, nil, container.NewCenter(h.icon), container.NewCenter(buttons), texts)
	h.content = container.NewVBox(row, h.noticeBox, widget.NewSeparator())
	return h
}

func (h *header) onSyncNow() { h.g.startRun(kindSync, engine.TriggerManual, true) }
func (h *header) onPreview() { h.g.startRun(kindPreview, engine.TriggerManual, true) }

// setNotice shows (or, with "", hides) a message under the header.
func (h *header) setNotice(text string) {
	h.notice.SetText(text)
	if text == "" {
		h.noticeBox.Hide()
	} else {
		h.noticeBox.Show()
	}
}

// show puts the last sync and the next automatic one in words.
func (h *header) show(last *store.Run, hl health) {
	g := h.g
	switch hl {
	case healthUnknown:
		h.icon.SetResource(theme.InfoIcon())
		h.lastRun.SetText(tr("header.no_sync", "No sync yet. Preview first to see what would be imported."))
	default:
		h.icon.SetResource(healthIcon(hl))
		h.lastRun.SetText(tr("header.last_sync", "Last sync {{.when}}: {{.result}}",
			"when", formatTime(last.Started), "result", runSummary(*last)))
	}
	switch {
	case g.settings.Interval <= 0:
		h.nextRun.SetText(tr("header.auto_off", "Automatic sync is off (Settings)."))
	case g.settings.Paused:
		h.nextRun.SetText(tr("header.auto_paused", "Automatic sync is paused."))
	default:
		next := g.schedule.Next()
		if !next.After(g.now()) {
			h.nextRun.SetText(tr("header.next_due", "Next automatic sync: due now"))
		} else {
			h.nextRun.SetText(tr("header.next", "Next automatic sync: {{.when}}", "when", formatClock(next, g.now())))
		}
	}
}

func healthIcon(hl health) fyne.Resource {
	switch hl {
	case healthFailed:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case healthWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case healthFine:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	}
	return theme.InfoIcon()
}

// runSummary is one line about a run: its counts, or that it failed.
func runSummary(r store.Run) string {
	if r.Error != "" {
		return tr("run.failed", "failed — {{.error}}", "error", r.Error)
	}
	return tr("run.counts", "{{.created}} created, {{.invoiced}} invoiced, {{.already}} already there, {{.skipped}} skipped, {{.failed}} failed",
		"created", strconv.Itoa(r.Created), "invoiced", strconv.Itoa(r.Invoiced), "already", strconv.Itoa(r.Already),
		"skipped", strconv.Itoa(r.Skipped), "failed", strconv.Itoa(r.Failed))
}

// loadLastRun finds the latest sync (previews do not count) in the history.
func (g *gui) loadLastRun() {
	g.lastRun = nil
	runs, _, err := g.db.Runs(0, 50)
	if err != nil {
		return
	}
	for i := range runs {
		if !runs[i].DryRun {
			r := runs[i]
			g.lastRun = &r
			return
		}
	}
}

func (g *gui) lastSyncStart() (t time.Time) {
	if g.lastRun != nil {
		return g.lastRun.Started
	}
	return t
}

// refreshStatus updates everything that shows the state: header and tray.
func (g *gui) refreshStatus() {
	hl := runHealth(g.lastRun)
	if g.header != nil {
		g.header.show(g.lastRun, hl)
	}
	g.tray.refresh()
}
