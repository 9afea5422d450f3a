package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
)

// eracuniFields asks for the e-računi login and API token.
type eracuniFields struct {
	g                     *gui
	username              *widget.Entry
	mode                  *widget.RadioGroup
	password              *widget.Entry
	secretKey             *widget.Entry
	token                 *widget.Entry
	endpoint              *widget.Entry
	test                  *widget.Button
	checks                *checkList
	form                  *widget.Form
	saved                 map[string]bool // which secrets the keyring holds
	passed                [32]byte
	testing               bool
	modePassword, modeKey string
	// needSalesInvoices says whether the options ask for sales invoices
	// (renewal invoices imported as računi), which take a right of their own.
	needSalesInvoices func() bool
}

func newERacuniFields(g *gui) *eracuniFields {
	f := &eracuniFields{g: g, saved: map[string]bool{}}
	f.modePassword = tr("eracuni.mode.password", "Password")
	f.modeKey = tr("eracuni.mode.secret_key", "Secret key")
	f.username = widget.NewEntry()
	f.username.SetText(g.settings.ERacuniUsername)
	f.password = widget.NewPasswordEntry()
	f.secretKey = widget.NewPasswordEntry()
	f.token = widget.NewPasswordEntry()
	f.endpoint = widget.NewEntry()
	f.endpoint.SetText(g.settings.ERacuniEndpoint)
	f.endpoint.SetPlaceHolder(eracuni.DefaultEndpoint)
	if d := g.demo; d != nil {
		if f.endpoint.Text == "" || f.endpoint.Text == eracuni.DefaultEndpoint {
			f.endpoint.SetText(d.ERacuniURL)
		}
		prefill(f.username, d.ERacuniUsername)
		prefill(f.password, d.ERacuniPassword)
		prefill(f.token, d.ERacuniToken)
	}
	f.mode = widget.NewRadioGroup([]string{f.modePassword, f.modeKey}, func(string) { f.showMode() })
	f.mode.Horizontal = true
	f.mode.Required = true
	if g.settings.ERacuniUseSecretKey {
		f.mode.SetSelected(f.modeKey)
	} else {
		f.mode.SetSelected(f.modePassword)
	}
	f.checks = newCheckList()
	f.test = widget.NewButtonWithIcon(tr("check.test", "Test connection"), theme.MediaPlayIcon(), func() { f.runTest(nil) })
	advanced := widget.NewAccordion(widget.NewAccordionItem(tr("eracuni.advanced", "Advanced"),
		widget.NewForm(&widget.FormItem{Text: tr("eracuni.endpoint", "API address"), Widget: f.endpoint,
			HintText: tr("eracuni.endpoint.hint", "Change only if e-računi told you to")})))
	f.form = widget.NewForm(
		&widget.FormItem{Text: tr("eracuni.username", "Username"), Widget: f.username,
			HintText: tr("eracuni.username.hint", "The user you log in to e-računi with")},
		&widget.FormItem{Text: tr("eracuni.mode", "Sign in with"), Widget: f.mode},
		&widget.FormItem{Text: tr("eracuni.password", "Password"), Widget: f.password},
		&widget.FormItem{Text: tr("eracuni.secret_key", "Secret key"), Widget: f.secretKey},
		&widget.FormItem{Text: tr("eracuni.token", "API token"), Widget: f.token,
			HintText: tr("eracuni.token.hint", "Settings > Company settings > Web services – API")},
		&widget.FormItem{Text: "", Widget: advanced},
	)
	f.showMode()
	return f
}

func (f *eracuniFields) useSecretKey() bool { return f.mode.Selected == f.modeKey }

func (f *eracuniFields) showMode() {
	if f.password == nil || f.secretKey == nil {
		return
	}
	if f.useSecretKey() {
		f.password.Disable()
		f.secretKey.Enable()
	} else {
		f.password.Enable()
		f.secretKey.Disable()
	}
}

func (f *eracuniFields) content() fyne.CanvasObject {
	return container.NewVBox(f.form, container.NewHBox(f.test), f.checks.content())
}

// eracuniCreds are the values typed; runTest fills an empty secret from the
// keyring when one is saved.
type eracuniCreds struct {
	endpoint, username, password, secretKey, token string
	useKey                                         bool
}

func (f *eracuniFields) values() eracuniCreds {
	c := eracuniCreds{
		endpoint: strings.TrimSpace(f.endpoint.Text), username: strings.TrimSpace(f.username.Text),
		token: strings.TrimSpace(f.token.Text), useKey: f.useSecretKey(),
	}
	if c.useKey {
		c.secretKey = strings.TrimSpace(f.secretKey.Text)
	} else {
		c.password = f.password.Text
	}
	return c
}

func (c eracuniCreds) config() eracuni.Config {
	cfg := eracuni.Config{Endpoint: c.endpoint, Username: c.username, Token: c.token}
	if cfg.Endpoint == "" {
		cfg.Endpoint = eracuni.DefaultEndpoint
	}
	if c.useKey {
		cfg.SecretKey = c.secretKey
	} else {
		cfg.Password = c.password
	}
	return cfg
}

func (f *eracuniFields) print() [32]byte {
	c := f.values()
	return fingerprint(c.endpoint, c.username, c.password, c.secretKey, c.token, boolText(c.useKey))
}

func (f *eracuniFields) salesInvoices() bool {
	return f.needSalesInvoices != nil && f.needSalesInvoices()
}

// testPrint is what a passed test proved: these credentials, with or
// without the right to sales invoices.
func (f *eracuniFields) testPrint() [32]byte {
	p := f.print()
	return fingerprint(string(p[:]), boolText(f.salesInvoices()))
}

func (f *eracuniFields) tested() bool { return f.passed == f.testPrint() }

// missingSaved lists the secrets left empty that the keyring should supply.
func (f *eracuniFields) missingSaved(c eracuniCreds) []string {
	var names []string
	if c.token == "" && f.saved[store.SecretERacuniToken] {
		names = append(names, store.SecretERacuniToken)
	}
	if c.useKey && c.secretKey == "" && f.saved[store.SecretERacuniSecretKey] {
		names = append(names, store.SecretERacuniSecretKey)
	}
	if !c.useKey && c.password == "" && f.saved[store.SecretERacuniPassword] {
		names = append(names, store.SecretERacuniPassword)
	}
	return names
}

// runTest signs in to e-računi with the cheapest read and, when renewal
// invoices become sales invoices, proves the user may read those too.
func (f *eracuniFields) runTest(done func(ok bool)) {
	if f.testing {
		return
	}
	c := f.values()
	print := f.testPrint()
	salesInvoices := f.salesInvoices()
	fromKeyring := f.missingSaved(c)
	if len(fromKeyring) == 0 {
		if _, err := f.g.newERacuni(c.config()); err != nil {
			f.checks.reset(explain(err))
			if done != nil {
				done(false)
			}
			return
		}
	}
	f.testing = true
	f.test.Disable()
	f.checks.reset(tr("check.testing", "Testing the connection…"))
	var testErr, invoicesErr error
	f.g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		defer cancel()
		for _, name := range fromKeyring {
			v, err := f.g.getSecret(ctx, name)
			if err != nil {
				testErr = err
				return
			}
			switch name {
			case store.SecretERacuniToken:
				c.token = v
			case store.SecretERacuniSecretKey:
				c.secretKey = v
			case store.SecretERacuniPassword:
				c.password = v
			}
		}
		api, err := f.g.newERacuni(c.config())
		if err != nil {
			testErr = err
			return
		}
		if testErr = api.Ping(ctx); testErr == nil && salesInvoices {
			invoicesErr = api.PingSalesInvoices(ctx)
		}
	}, func() {
		f.testing = false
		f.test.Enable()
		ok := testErr == nil && invoicesErr == nil
		switch {
		case testErr != nil:
			f.checks.reset(tr("check.eracuni_failed", "The app cannot work with e-računi yet:"))
			f.checks.add(false, false, explain(testErr))
		case invoicesErr != nil:
			f.checks.reset(tr("check.eracuni_failed", "The app cannot work with e-računi yet:"))
			f.checks.add(true, false, tr("check.eracuni_ok", "Connected to e-računi as {{.user}}.", "user", c.username))
			f.checks.add(false, false, tr("check.sales_invoices_denied", "Sales invoices (računi), needed for renewal invoices: {{.problem}}", "problem", explain(invoicesErr)))
		default:
			f.checks.reset("")
			f.checks.add(true, false, tr("check.eracuni_ok", "Connected to e-računi as {{.user}}.", "user", c.username))
			if salesInvoices {
				f.checks.add(true, false, tr("check.sales_invoices_ok", "Sales invoices (računi) for renewal invoices: allowed"))
			}
		}
		if ok {
			f.passed = print
		}
		if done != nil {
			done(ok)
		}
	})
}

// saveSecrets stores what was typed; the unused one of password and secret
// key is removed so a later switch cannot pick up a stale value.
func (f *eracuniFields) saveSecrets(ctx context.Context, c eracuniCreds) error {
	set := func(name, v string) error {
		if v == "" {
			return nil
		}
		return f.g.secrets.Set(ctx, store.DefaultProfile, name, v)
	}
	if err := set(store.SecretERacuniToken, c.token); err != nil {
		return err
	}
	if c.useKey {
		if err := set(store.SecretERacuniSecretKey, c.secretKey); err != nil {
			return err
		}
		return f.g.secrets.Delete(ctx, store.DefaultProfile, store.SecretERacuniPassword)
	}
	if err := set(store.SecretERacuniPassword, c.password); err != nil {
		return err
	}
	return f.g.secrets.Delete(ctx, store.DefaultProfile, store.SecretERacuniSecretKey)
}

func (f *eracuniFields) apply(s *store.Settings) {
	c := f.values()
	s.ERacuniUsername, s.ERacuniUseSecretKey = c.username, c.useKey
	s.ERacuniEndpoint = c.endpoint
	if s.ERacuniEndpoint == "" {
		s.ERacuniEndpoint = eracuni.DefaultEndpoint
	}
}

func (f *eracuniFields) markSaved() {
	c := f.values()
	if c.token != "" {
		f.saved[store.SecretERacuniToken] = true
	}
	if c.useKey {
		f.saved[store.SecretERacuniSecretKey] = f.saved[store.SecretERacuniSecretKey] || c.secretKey != ""
		f.saved[store.SecretERacuniPassword] = false
	} else {
		f.saved[store.SecretERacuniPassword] = f.saved[store.SecretERacuniPassword] || c.password != ""
		f.saved[store.SecretERacuniSecretKey] = false
	}
	setSaved(f.password, f.saved[store.SecretERacuniPassword])
	setSaved(f.secretKey, f.saved[store.SecretERacuniSecretKey])
	setSaved(f.token, f.saved[store.SecretERacuniToken])
}

func (f *eracuniFields) setSaved(saved map[string]bool) {
	for _, n := range []string{store.SecretERacuniPassword, store.SecretERacuniSecretKey, store.SecretERacuniToken} {
		f.saved[n] = saved[n]
	}
	setSaved(f.password, f.saved[store.SecretERacuniPassword])
	setSaved(f.secretKey, f.saved[store.SecretERacuniSecretKey])
	setSaved(f.token, f.saved[store.SecretERacuniToken])
}
