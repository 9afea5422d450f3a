package ui

import (
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/message"
)

// historyScreen lists past runs, newest first, and every order of the
// selected run with its outcome; a run can be exported to CSV, and failed
// orders retried.
type historyScreen struct {
	g       *gui
	content fyne.CanvasObject

	runsTable   *widget.Table
	ordersTable *widget.Table
	title       *widget.Label
	status      *widget.Label
	exportB     *widget.Button
	retryB      *widget.Button

	runs     []store.Run
	selected *store.Run // with its orders
}

var runColumns = []column{
	{"col.when", "When", 150},
	{"col.kind", "Run", 170},
	{"col.created", "Created", 80},
	{"col.skipped", "Skipped", 80},
	{"col.failed", "Failed", 70},
	{"col.result", "Result", 560},
}

var orderColumns = []column{
	{"col.order", "Order", 110},
	{"col.date", "Date", 100},
	{"col.client", "Client", 180},
	{"col.amount", "Amount", 110},
	{"col.action", "Action", 140},
	{"col.document", "Document", 120},
	{"col.reason", "Reason", 380},
}

func newHistoryScreen(g *gui) *historyScreen {
	h := &historyScreen{g: g}
	h.runsTable = newDecisionTable(func() int { return len(h.runs) }, h.runCell, runColumns)
	h.runsTable.OnSelected = func(id widget.TableCellID) { h.open(id.Row) }
	h.ordersTable = newDecisionTable(func() int {
		if h.selected == nil {
			return 0
		}
		return len(h.selected.Orders)
	}, h.orderCell, orderColumns)
	h.title = widget.NewLabel(tr("history.pick", "Select a run to see every order in it."))
	h.title.TextStyle = fyne.TextStyle{Bold: true}
	h.title.Wrapping = fyne.TextWrapWord
	h.status = widget.NewLabel("")
	h.status.Wrapping = fyne.TextWrapWord
	h.exportB = widget.NewButtonWithIcon(tr("history.export", "Export CSV…"), theme.DocumentSaveIcon(), h.onExport)
	h.retryB = widget.NewButtonWithIcon(tr("history.retry", "Retry failed orders"), theme.ViewRefreshIcon(), h.onRetry)
	h.exportB.Disable()
	h.retryB.Disable()

	bottom := container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(h.retryB, h.exportB), h.title), h.status),
		nil, nil, nil, h.ordersTable)
	split := container.NewVSplit(h.runsTable, bottom)
	split.Offset = 0.38
	h.content = split
	h.reload()
	return h
}

// reload reads the run list again (newest first) and keeps the selection.
func (h *historyScreen) reload() {
	limit := h.g.settings.HistoryLimit
	if limit <= 0 {
		limit = 200
	}
	runs, _, err := h.g.db.Runs(0, limit)
	if err != nil {
		h.status.SetText(explain(err))
		return
	}
	h.runs = runs
	h.runsTable.Refresh()
	if h.selected != nil {
		h.selectRun(h.selected.ID)
	}
}

func (h *historyScreen) runCell(row, col int) string {
	if row < 0 || row >= len(h.runs) {
		return ""
	}
	r := h.runs[row]
	switch col {
	case 0:
		return formatTime(r.Started)
	case 1:
		return runKindText(r)
	case 2:
		return strconv.Itoa(r.Created)
	case 3:
		return strconv.Itoa(r.Skipped)
	case 4:
		return strconv.Itoa(r.Failed)
	case 5:
		if r.Error != "" {
			return r.Error
		}
		switch {
		case runHealth(&r) == healthWarning:
			return tr("history.result.attention", "Needs attention: some orders failed")
		case r.Flagged > 0:
			return flagMark + " " + tr("history.result.flagged", "OK; {{.n}} to check by hand in e-računi", "n", strconv.Itoa(r.Flagged))
		default:
			return tr("history.result.ok", "OK")
		}
	}
	return ""
}

// runKindText says what kind of run it was and who started it.
func runKindText(r store.Run) string {
	what := tr("history.sync", "Sync")
	if r.DryRun {
		what = tr("history.preview", "Preview")
	}
	var who string
	switch engine.Trigger(r.Trigger) {
	case engine.TriggerScheduled:
		who = tr("trigger.scheduled", "automatic")
	case engine.TriggerCLI:
		who = tr("trigger.cli", "command line")
	default:
		who = tr("trigger.manual", "by hand")
	}
	return what + " (" + who + ")"
}

func (h *historyScreen) orderCell(row, col int) string {
	if h.selected == nil || row < 0 || row >= len(h.selected.Orders) {
		return ""
	}
	o := h.selected.Orders[row]
	switch col {
	case 0:
		return recordLabel(o.Kind, o.OrderNum)
	case 1:
		return o.Date
	case 2:
		return o.Client
	case 3:
		return formatStoredAmount(o.Amount, o.Currency)
	case 4:
		return flagged(len(o.Flags) > 0, actionText(o.Action, h.selected.DryRun, o.InvoiceNumber != ""))
	case 5:
		if o.InvoiceNumber != "" {
			return o.DocumentNumber + " / " + o.InvoiceNumber
		}
		return o.DocumentNumber
	case 6:
		var flags []string
		for _, f := range o.Flags {
			flags = append(flags, storedText(f.Why, f.Text))
		}
		if o.Error != "" {
			return withFlags(storedText(o.Why, o.Error), flags)
		}
		return withFlags(storedText(o.Why, o.Reason), flags)
	}
	return ""
}

// selectRun selects the run with this id, if the list holds it.
func (h *historyScreen) selectRun(id string) {
	for i, r := range h.runs {
		if r.ID != id {
			continue
		}
		// A table scrolls to its selection wrongly before it is laid out,
		// so a hidden tab only opens the run; onShown selects it later.
		if h.g.tabs != nil && h.g.tabs.Selected() != nil && h.g.tabs.Selected().Content == h.content {
			h.runsTable.Select(widget.TableCellID{Row: i, Col: 0}) // opens it
		} else {
			h.open(i)
		}
		return
	}
}

// onShown highlights the open run once the tab is visible.
func (h *historyScreen) onShown() {
	if h.selected != nil {
		h.selectRun(h.selected.ID)
	}
}

// open shows one run with its orders.
func (h *historyScreen) open(row int) {
	if row < 0 || row >= len(h.runs) {
		return
	}
	r, err := h.g.db.Run(h.runs[row].ID)
	if err != nil {
		h.status.SetText(explain(err))
		return
	}
	h.selected = &r
	h.title.SetText(runKindText(r) + " — " + formatTime(r.Started) + ": " + runSummary(r))
	h.status.SetText("")
	h.ordersTable.Refresh()
	h.ordersTable.ScrollToTop()
	h.exportB.Enable()
	if !r.DryRun && r.Failed > 0 {
		h.retryB.Enable()
	} else {
		h.retryB.Disable()
	}
}

// writeCSV exports the selected run.
func (h *historyScreen) writeCSV(w io.Writer) error {
	if h.selected == nil {
		return nil
	}
	return engine.WriteCSV(w, *h.selected)
}

func (h *historyScreen) onExport() {
	if h.selected == nil {
		return
	}
	d := dialog.NewFileSave(h.saveCSV, h.g.win)
	d.SetFileName("whmcs-eracuni-" + strings.NewReplacer(":", "-", "T", "_").Replace(h.selected.ID) + ".csv")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

// saveCSV writes the selected run where the save dialog points and says
// how that went.
func (h *historyScreen) saveCSV(wc fyne.URIWriteCloser, err error) {
	if err != nil {
		h.status.SetText(explain(err))
		return
	}
	if wc == nil {
		return // the user closed the dialog
	}
	werr := h.writeCSV(wc)
	if cerr := wc.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		h.status.SetText(tr("history.export_failed", "The CSV file could not be written: {{.error}}", "error", explain(werr)))
		return
	}
	h.status.SetText(tr("history.exported", "Saved {{.file}}.", "file", wc.URI().Path()))
}

// onRetry starts a sync: the engine tries every failed order again.
func (h *historyScreen) onRetry() {
	h.g.startRun(kindSync, engine.TriggerManual, true, func() {
		h.status.SetText(tr("history.retrying", "A sync was started; it tries every failed order again."))
	})
}

// storedText shows a message kept in the history in the user's language;
// runs stored without the message key show the English they kept.
func storedText(why *store.RunText, english string) string {
	if why == nil {
		return english
	}
	return say(message.Message{Key: why.Key, English: english, Args: why.Args})
}
