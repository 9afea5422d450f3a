package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	engine "whmcs-eracuni/sync"
)

// runningView is shown above the tabs while a preview or sync runs: a
// progress bar, "order 37 of 120", what is happening now, and Cancel. The
// rest of the window stays usable.
type runningView struct {
	g       *gui
	content *fyne.Container

	title  *widget.Label
	bar    *widget.ProgressBar
	count  *widget.Label
	step   *widget.Label
	cancel *widget.Button
}

func newRunningView(g *gui) *runningView {
	v := &runningView{g: g}
	v.title = widget.NewLabel("")
	v.title.TextStyle = fyne.TextStyle{Bold: true}
	v.bar = widget.NewProgressBar()
	v.count = widget.NewLabel("")
	v.step = widget.NewLabel("")
	v.step.Wrapping = fyne.TextWrapWord
	v.cancel = widget.NewButtonWithIcon(tr("running.cancel", "Cancel"), theme.CancelIcon(), v.onCancel)
	v.content = container.NewVBox(
		container.NewBorder(nil, nil, nil, v.cancel, v.title),
		v.bar,
		container.NewBorder(nil, nil, nil, v.count, v.step),
		widget.NewSeparator(),
	)
	v.content.Hide()
	return v
}

func (v *runningView) start(kind runKind) {
	switch kind {
	case kindPreview:
		v.title.SetText(tr("running.preview", "Preparing the preview — nothing is written to e-računi"))
	case kindApply:
		v.title.SetText(tr("running.apply", "Importing the previewed orders into e-računi"))
	default:
		v.title.SetText(tr("running.sync", "Syncing WHMCS orders into e-računi"))
	}
	v.bar.SetValue(0)
	v.count.SetText("")
	v.step.SetText(tr("running.connecting", "Connecting…"))
	v.cancel.Enable()
	v.cancel.SetText(tr("running.cancel", "Cancel"))
	v.content.Show()
}

// update shows one progress report from the engine.
func (v *runningView) update(p engine.Progress) {
	if p.Message.Key != "" {
		v.step.SetText(say(p.Message))
	}
	switch {
	case p.Phase == engine.PhaseDone:
		v.bar.SetValue(1)
		v.count.SetText("")
	case p.Total > 0:
		n := min(p.Done+1, p.Total)
		if p.Done >= p.Total {
			n = p.Total
		}
		v.bar.SetValue(float64(p.Done) / float64(p.Total))
		v.count.SetText(tr("running.order_of", "order {{.n}} of {{.total}}",
			"n", strconv.Itoa(n), "total", strconv.Itoa(p.Total)))
	case p.Phase == engine.PhaseReading:
		v.count.SetText(tr("running.read", "{{.n}} orders read", "n", strconv.Itoa(p.Done)))
	}
}

func (v *runningView) stop() { v.content.Hide() }

func (v *runningView) onCancel() {
	if v.g.cancel == nil {
		return
	}
	v.g.cancel()
	v.cancel.Disable()
	v.cancel.SetText(tr("running.cancelling", "Stopping after the current order…"))
}
