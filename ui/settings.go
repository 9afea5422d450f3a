package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
)

// settingsScreen has everything the wizard asked, editable, plus the app's
// own options, and "Forget credentials".
type settingsScreen struct {
	g       *gui
	content fyne.CanvasObject

	wh  *whmcsFields
	er  *eracuniFields
	opt *optionsFields

	language      *widget.Select
	notifyCreated *widget.Check
	paused        *widget.Check
	recheckDays   *widget.Entry
	historyLimit  *widget.Entry

	save    *widget.Button
	forgetB *widget.Button
	status  *widget.Label

	languages map[string]string // shown → stored
	whStart   [32]byte          // connection values as loaded, to see what changed
	erStart   [32]byte
	saving    bool
}

func newSettingsScreen(g *gui) *settingsScreen {
	p := &settingsScreen{g: g}
	p.wh = newWHMCSFields(g)
	p.er = newERacuniFields(g)
	p.opt = newOptionsFields(g)
	p.wh.needInvoices = func() bool { return p.opt.invoices.Checked }
	p.er.needSalesInvoices = p.opt.salesInvoices
	p.whStart, p.erStart = fingerprint(p.wh.valuesSlice()...), p.er.print()

	p.languages = map[string]string{
		tr("settings.language.system", "System language"): "",
		"Slovenščina": "sl",
		"English":     "en",
	}
	p.language = widget.NewSelect(keysOf(p.languages), nil)
	for shown, code := range p.languages {
		if code == g.settings.Language {
			p.language.SetSelected(shown)
		}
	}
	p.notifyCreated = widget.NewCheck(tr("settings.notify_created", "Notify me when documents were created"), nil)
	p.notifyCreated.SetChecked(g.settings.NotifyCreated)
	p.paused = widget.NewCheck(tr("settings.paused", "Pause automatic sync"), nil)
	p.paused.SetChecked(g.settings.Paused)
	p.recheckDays = widget.NewEntry()
	p.recheckDays.SetText(strconv.Itoa(g.settings.RecheckDays))
	p.historyLimit = widget.NewEntry()
	p.historyLimit.SetText(strconv.Itoa(g.settings.HistoryLimit))
	appForm := widget.NewForm(
		&widget.FormItem{Text: tr("settings.language", "Language"), Widget: p.language},
		&widget.FormItem{Text: tr("settings.notifications", "Notifications"), Widget: p.notifyCreated,
			HintText: tr("settings.notifications.hint", "Failed runs are always notified")},
		&widget.FormItem{Text: "", Widget: p.paused},
		&widget.FormItem{Text: tr("settings.recheck_days", "Look at unpaid orders for (days)"), Widget: p.recheckDays},
		&widget.FormItem{Text: tr("settings.history_limit", "Runs kept in History"), Widget: p.historyLimit},
	)

	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.save = widget.NewButtonWithIcon(tr("settings.save", "Save settings"), theme.DocumentSaveIcon(), p.onSave)
	p.save.Importance = widget.HighImportance
	p.forgetB = widget.NewButtonWithIcon(tr("settings.forget", "Forget credentials"), theme.DeleteIcon(), p.onForget)
	p.forgetB.Importance = widget.DangerImportance

	body := container.NewVBox(
		widget.NewCard("WHMCS", "", p.wh.content()),
		widget.NewCard("e-računi", "", p.er.content()),
		widget.NewCard(tr("settings.import", "Import"), "", p.opt.content()),
		widget.NewCard(tr("settings.app", "App"), "", appForm),
	)
	bottom := container.NewVBox(widget.NewSeparator(), p.status,
		container.NewBorder(nil, nil, p.forgetB, p.save))
	p.content = container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(body))
	return p
}

// onSave checks everything, tests a connection whose values changed, and
// saves: secrets to the keyring, the rest to the data file.
func (p *settingsScreen) onSave() {
	if p.saving {
		return
	}
	s := p.g.settings
	if err := p.opt.apply(&s); err != nil {
		p.status.SetText(err.Error())
		return
	}
	recheck, err1 := strconv.Atoi(strings.TrimSpace(p.recheckDays.Text))
	limit, err2 := strconv.Atoi(strings.TrimSpace(p.historyLimit.Text))
	if err1 != nil || recheck < 1 || err2 != nil || limit < 1 {
		p.status.SetText(tr("settings.numbers_invalid", "Days and runs kept must be whole numbers of at least 1."))
		return
	}
	s.RecheckDays, s.HistoryLimit = recheck, limit
	s.NotifyCreated, s.Paused = p.notifyCreated.Checked, p.paused.Checked
	s.Language = p.languages[p.language.Selected]
	p.wh.apply(&s)
	p.er.apply(&s)

	// Turning the invoice import on needs two more WHMCS permissions: test
	// for them as for a changed connection.
	whChanged := fingerprint(p.wh.valuesSlice()...) != p.whStart ||
		(s.Invoices.Enabled && !p.g.settings.Invoices.Enabled)
	// Importing them as sales invoices needs the e-računi user's right to
	// those: test for it as well.
	wasSalesInvoices := p.g.settings.Invoices.Enabled && !p.g.settings.Invoices.AsSalesOrders
	erChanged := p.er.print() != p.erStart || (p.er.salesInvoices() && !wasSalesInvoices)
	failed := func() {
		p.status.SetText(tr("settings.test_failed", "Not saved: correct what the connection test found, then save again."))
	}
	whTested, erTested := p.wh.tested(), p.er.tested()
	testThen(whChanged, whTested, p.wh.runTest, func() {
		testThen(erChanged, erTested, p.er.runTest, func() { p.write(s) }, failed)
	}, failed)
}

func (p *settingsScreen) write(s store.Settings) {
	p.saving = true
	p.save.Disable()
	_, _, secret, key := p.wh.values()
	c := p.er.values()
	var err error
	p.g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), secretTimeout)
		defer cancel()
		if err = p.wh.saveSecrets(ctx, secret, key); err != nil {
			return
		}
		if err = p.er.saveSecrets(ctx, c); err != nil {
			return
		}
		err = p.g.db.SaveSettings(s)
	}, func() {
		p.saving = false
		p.save.Enable()
		if err != nil {
			p.status.SetText(explain(err))
			return
		}
		p.wh.markSaved()
		p.er.markSaved()
		p.whStart, p.erStart = fingerprint(p.wh.valuesSlice()...), p.er.print()
		languageChanged := s.Language != p.g.settings.Language
		p.g.useSettings(s)
		if languageChanged {
			useLanguage(s.Language)
			p.g.rebuild(tr("settings.saved", "Settings saved."))
			return
		}
		p.status.SetText(tr("settings.saved", "Settings saved."))
		p.g.refreshStatus()
	})
}

func (p *settingsScreen) onForget() {
	dialog.ShowConfirm(tr("settings.forget.title", "Forget credentials?"),
		tr("settings.forget.body", "The WHMCS API secret and access key and the e-računi password, secret key and token are removed from the system keyring. Syncs stop until you enter them again. Settings and history are kept."),
		func(ok bool) {
			if ok {
				p.forget()
			}
		}, p.g.win)
}

// forget removes every secret from the keyring.
func (p *settingsScreen) forget() {
	var err error
	p.forgetB.Disable()
	p.g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), secretTimeout)
		defer cancel()
		err = store.ForgetAll(ctx, p.g.secrets, store.DefaultProfile)
	}, func() {
		p.forgetB.Enable()
		if err != nil {
			p.status.SetText(explain(err))
			return
		}
		none := map[string]bool{}
		p.wh.setSaved(none)
		p.er.setSaved(none)
		for _, e := range []*widget.Entry{p.wh.secret, p.wh.accessKey, p.er.password, p.er.secretKey, p.er.token} {
			e.SetText("")
		}
		p.status.SetText(tr("settings.forgotten", "The credentials were removed from the system keyring. Enter them again here before the next sync."))
	})
}
