package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
)

// wizard is the first-run setup: WHMCS → e-računi → where orders go and
// which ones → summary → "Preview the first sync". Back and Next keep what
// was typed; a step is saved only once it is valid (its connection test
// passed), and secrets go straight to the keyring.
type wizard struct {
	g       *gui
	content fyne.CanvasObject

	step    int
	title   *widget.Label
	stack   *fyne.Container
	pages   []fyne.CanvasObject
	problem *widget.Label
	back    *widget.Button
	next    *widget.Button
	finish  *widget.Button

	wh      *whmcsFields
	er      *eracuniFields
	opt     *optionsFields
	summary *widget.Label

	s      store.Settings // what the steps so far have saved
	saving bool
}

const wizardSteps = 4

func newWizard(g *gui) *wizard {
	w := &wizard{g: g, s: g.settings}
	w.wh = newWHMCSFields(g)
	w.er = newERacuniFields(g)
	w.opt = newOptionsFields(g)
	w.wh.needInvoices = func() bool { return w.opt.invoices.Checked }
	w.er.needSalesInvoices = w.opt.salesInvoices

	w.title = widget.NewLabel("")
	w.title.TextStyle = fyne.TextStyle{Bold: true}
	w.title.SizeName = theme.SizeNameSubHeadingText
	w.problem = widget.NewLabel("")
	w.problem.Wrapping = fyne.TextWrapWord
	w.problem.Importance = widget.DangerImportance
	w.summary = widget.NewLabel("")
	w.summary.Wrapping = fyne.TextWrapWord
	w.back = widget.NewButtonWithIcon(tr("wizard.back", "Back"), theme.NavigateBackIcon(), w.onBack)
	w.next = widget.NewButtonWithIcon(tr("wizard.next", "Next"), theme.NavigateNextIcon(), w.onNext)
	w.next.Importance = widget.HighImportance
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.finish = widget.NewButtonWithIcon(tr("wizard.finish", "Preview the first sync"), theme.VisibilityIcon(), w.onFinish)
	w.finish.Importance = widget.HighImportance

	w.pages = []fyne.CanvasObject{
		page(w.wh.content(), tr("wizard.whmcs.guide", whmcsGuide)),
		page(w.er.content(), tr("wizard.eracuni.guide", eracuniGuide)),
		page(w.opt.content(), tr("wizard.options.guide", optionsGuide)),
		page(w.summary, tr("wizard.summary.guide", summaryGuide)),
	}
	w.stack = container.NewStack(w.pages...)
	buttons := container.NewHBox(w.back, w.next, w.finish)
	bottom := container.NewVBox(widget.NewSeparator(), w.problem, container.NewBorder(nil, nil, nil, buttons))
	w.content = container.NewBorder(container.NewVBox(w.title, widget.NewSeparator()), bottom, nil, nil, w.stack)
	w.show(0)
	return w
}

// page puts a step's fields beside a short guide.
func page(fields fyne.CanvasObject, guide string) fyne.CanvasObject {
	help := widget.NewRichTextFromMarkdown(guide)
	help.Wrapping = fyne.TextWrapWord
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(fields)), container.NewVScroll(help))
	split.Offset = 0.62
	return split
}

func (w *wizard) show(step int) {
	w.step = step
	for i, p := range w.pages {
		if i == step {
			p.Show()
		} else {
			p.Hide()
		}
	}
	titles := []string{
		tr("wizard.whmcs.title", "Connect to WHMCS"),
		tr("wizard.eracuni.title", "Connect to e-računi"),
		tr("wizard.options.title", "Where orders go and which ones"),
		tr("wizard.summary.title", "Ready"),
	}
	w.title.SetText(tr("wizard.step", "Step {{.n}} of {{.total}}: {{.title}}",
		"n", strconv.Itoa(step+1), "total", strconv.Itoa(wizardSteps), "title", titles[step]))
	w.problem.SetText("")
	if step == 0 {
		w.back.Disable()
	} else {
		w.back.Enable()
	}
	if step == wizardSteps-1 {
		w.next.Hide()
		w.finish.Show()
		w.summary.SetText(w.summaryText())
	} else {
		w.next.Show()
		w.finish.Hide()
	}
	w.stack.Refresh()
}

func (w *wizard) onBack() {
	if w.step > 0 && !w.saving {
		w.show(w.step - 1)
	}
}

func (w *wizard) onNext() {
	if w.saving {
		return
	}
	w.problem.SetText("")
	switch w.step {
	case 0:
		testThen(true, w.wh.tested(), w.wh.runTest, w.saveWHMCS, w.fixFirst)
	case 1:
		testThen(true, w.er.tested(), w.er.runTest, w.saveERacuni, w.fixFirst)
	case 2:
		s := w.s
		if err := w.opt.apply(&s); err != nil {
			w.problem.SetText(err.Error())
			return
		}
		next := func() { w.save(s, nil, func() { w.show(3) }) }
		// Importing invoices needs GetInvoices and GetInvoice, which the
		// first step did not ask for, and — as sales invoices — the e-računi
		// user's right to them, which the second did not. A failed test
		// keeps the user on this step with what is missing in view.
		whTested, erTested := w.wh.tested(), w.er.tested()
		testThen(s.Invoices.Enabled, whTested, w.wh.runTest, func() {
			testThen(s.Invoices.Enabled && !s.Invoices.AsSalesOrders, erTested, w.er.runTest, next, func() {
				w.problem.SetText(tr("wizard.sales_invoices_denied", "Importing invoices as sales invoices needs a right the e-računi user does not have. Give the user the right to invoices (računi), import them as sales orders, or turn the invoice import off:") +
					"\n" + w.er.checks.text())
			})
		}, func() {
			w.problem.SetText(tr("wizard.invoices_denied", "Importing invoices needs more of WHMCS than the connection allows. Allow what is missing, or turn the invoice import off:") +
				"\n" + w.wh.checks.text())
		})
	}
}

// fixFirst keeps the user on a connection step whose test failed, with the
// results in view.
func (w *wizard) fixFirst() {
	w.problem.SetText(tr("wizard.fix_first", "Correct what the test found, then press Next again."))
}

func (w *wizard) saveWHMCS() {
	s := w.s
	w.wh.apply(&s)
	_, _, secret, key := w.wh.values()
	w.save(s, func(ctx context.Context) error { return w.wh.saveSecrets(ctx, secret, key) }, func() {
		w.wh.markSaved()
		w.show(1)
	})
}

func (w *wizard) saveERacuni() {
	s := w.s
	w.er.apply(&s)
	c := w.er.values()
	w.save(s, func(ctx context.Context) error { return w.er.saveSecrets(ctx, c) }, func() {
		w.er.markSaved()
		w.show(2)
	})
}

// save writes the secrets (if any) and then the settings off the UI
// goroutine, and calls next on success.
func (w *wizard) save(s store.Settings, secrets func(context.Context) error, next func()) {
	w.saving = true
	w.next.Disable()
	w.finish.Disable()
	var err error
	w.g.background(func() {
		if secrets != nil {
			ctx, cancel := context.WithTimeout(context.Background(), secretTimeout)
			err = secrets(ctx)
			cancel()
			if err != nil {
				return
			}
		}
		err = w.g.db.SaveSettings(s)
	}, func() {
		w.saving = false
		w.next.Enable()
		w.finish.Enable()
		if err != nil {
			w.problem.SetText(explain(err))
			return
		}
		w.s = s
		w.g.useSettings(s)
		next()
	})
}

func (w *wizard) summaryText() string {
	s := w.s
	saved := tr("wizard.summary.keyring", "saved in the system keyring")
	lines := []string{
		tr("wizard.summary.whmcs", "WHMCS: {{.url}} (identifier {{.id}}, secret {{.saved}})", "url", s.WHMCSURL, "id", s.WHMCSIdentifier, "saved", saved),
		tr("wizard.summary.eracuni", "e-računi: user {{.user}} (password or key and API token {{.saved}})", "user", s.ERacuniUsername, "saved", saved),
	}
	lines = append(lines, w.opt.summary(s)...)
	lines = append(lines, "", tr("wizard.summary.next",
		"Next, the app shows a preview: every order it would import and why, and the exact document for each. Nothing is written to e-računi until you press \"Import these\"."))
	return strings.Join(lines, "\n")
}

// onFinish completes the setup and opens the first preview.
func (w *wizard) onFinish() {
	if w.saving {
		return
	}
	s := w.s
	s.SetupComplete = true
	w.save(s, nil, func() {
		w.g.showMain()
		w.g.startRun(kindPreview, engine.TriggerManual, true)
	})
}

const whmcsGuide = `**Where to find these in WHMCS**

1. In the WHMCS admin area open **Configuration > System Settings > Manage API Credentials**.
2. On **API Roles**, create a role that allows **GetOrders** and **GetClientsDetails** (GetInvoice is optional; to import renewal invoices, allow **GetInvoices** and **GetInvoice** too).
3. On **API Credentials**, generate a credential for an admin user with that role.
4. Copy the **identifier** and the **secret** straight away: WHMCS shows the secret only once.

If WHMCS allows API calls only from listed IP addresses, **Test connection** tells you which address to add. An access key is needed only if your WHMCS uses one.`

const eracuniGuide = `**Where to find these in e-računi**

- **Username** and **password**: the ones you sign in to e-računi with. Instead of the password you can use the user's **secret key**.
- **API token**: in e-računi open **Settings > Company settings > Web services – API**.

The user needs the right to create sales orders (naročila) and, if you import invoices, invoices (računi).`

const optionsGuide = `**Where orders go**

Each WHMCS order becomes a **sales order** (naročilo) in e-računi, in the **warehouse** (skladišče) and **cost centre** (stroškovno mesto) you enter here. Find their codes in e-računi's settings; leave them empty to use e-računi's defaults.

**Which orders**

Fraud and cancelled orders are never imported. Orders before the **start date** are left alone, so the first sync does not import years of old orders.

**Invoices**

When turned on, a paid order also gets its **invoice** (račun), which e-računi sends to tax confirmation (davčno potrjevanje). The partner (buyer) is taken from the WHMCS client.

**Renewal invoices**

Automatic renewals of hosting and domains create **invoices without an order** in WHMCS. Turn on their import to bring that revenue into e-računi too, as sales invoices or as sales orders, with the same warehouse, cost centre and payment methods. The API role then also needs **GetInvoices** and **GetInvoice**. An order's own invoice is never imported a second time; add-funds deposits are left out unless you ask for them. A preview shows each one with its reason, and anything whose total would not match WHMCS to the cent is flagged and left for you.`

const summaryGuide = `**Almost done**

Check the summary. **Preview the first sync** shows what would be imported, without writing anything. You can change every setting later under **Settings**.`
