package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/whmcs"
)

// whmcsFields asks for the WHMCS address and API credential.
type whmcsFields struct {
	g                           *gui
	url, identifier             *widget.Entry
	secret, accessKey           *widget.Entry
	test                        *widget.Button
	checks                      *checkList
	form                        *widget.Form
	secretSaved, accessKeySaved bool
	passed                      [32]byte
	testing                     bool
	// needInvoices says whether the invoice import is on where these
	// fields are shown: then the test asks for GetInvoices and GetInvoice.
	needInvoices func() bool
}

func newWHMCSFields(g *gui) *whmcsFields {
	f := &whmcsFields{g: g}
	f.url = widget.NewEntry()
	f.url.SetPlaceHolder("https://shop.example.com/whmcs")
	f.identifier = widget.NewEntry()
	f.secret = widget.NewPasswordEntry()
	f.accessKey = widget.NewPasswordEntry()
	f.url.SetText(g.settings.WHMCSURL)
	f.identifier.SetText(g.settings.WHMCSIdentifier)
	if d := g.demo; d != nil {
		prefill(f.url, d.WHMCSURL)
		prefill(f.identifier, d.WHMCSIdentifier)
		prefill(f.secret, d.WHMCSSecret)
	}
	f.checks = newCheckList()
	f.test = widget.NewButtonWithIcon(tr("check.test", "Test connection"), theme.MediaPlayIcon(), func() { f.runTest(nil) })
	f.form = widget.NewForm(
		&widget.FormItem{Text: tr("whmcs.url", "WHMCS address"), Widget: f.url,
			HintText: tr("whmcs.url.hint", "The address of your WHMCS, as customers open it")},
		&widget.FormItem{Text: tr("whmcs.identifier", "API identifier"), Widget: f.identifier},
		&widget.FormItem{Text: tr("whmcs.secret", "API secret"), Widget: f.secret,
			HintText: tr("whmcs.secret.hint", "Kept in the system keyring, never in a file")},
		&widget.FormItem{Text: tr("whmcs.access_key", "Access key (optional)"), Widget: f.accessKey,
			HintText: tr("whmcs.access_key.hint", "Only if your WHMCS uses an API access key instead of an IP allow-list")},
	)
	return f
}

// prefill puts a demo value into an entry the user has not filled.
func prefill(e *widget.Entry, v string) {
	if e.Text == "" && v != "" {
		e.SetText(v)
	}
}

func (f *whmcsFields) content() fyne.CanvasObject {
	return container.NewVBox(f.form, container.NewHBox(f.test), f.checks.content())
}

func (f *whmcsFields) values() (u, id, secret, key string) {
	return strings.TrimSpace(f.url.Text), strings.TrimSpace(f.identifier.Text), f.secret.Text, f.accessKey.Text
}

// testPrint is what a passed test proved: these values, with or without
// the invoice permissions.
func (f *whmcsFields) testPrint() [32]byte {
	u, id, s, k := f.values()
	return fingerprint(u, id, s, k, boolText(f.invoices()))
}

func (f *whmcsFields) tested() bool { return f.passed == f.testPrint() }

func (f *whmcsFields) invoices() bool { return f.needInvoices != nil && f.needInvoices() }

// runTest checks the address and credential locally, then asks WHMCS which
// actions the credential's role allows. done (optional) hears whether
// every required one is allowed.
func (f *whmcsFields) runTest(done func(ok bool)) {
	if f.testing {
		return
	}
	u, id, secret, key := f.values()
	invoices := f.invoices()
	print := f.testPrint()
	useSaved := secret == "" && f.secretSaved
	useSavedKey := key == "" && f.accessKeySaved
	if !useSaved {
		if _, err := f.g.newWHMCS(whmcs.Config{URL: u, Identifier: id, Secret: secret, AccessKey: key}); err != nil {
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
	var checks []whmcs.Check
	var setupErr error
	f.g.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
		defer cancel()
		s, k := secret, key
		var err error
		if useSaved {
			if s, err = f.g.getSecret(ctx, store.SecretWHMCSSecret); err != nil {
				setupErr = err
				return
			}
		}
		if useSavedKey {
			if k, err = f.g.getSecret(ctx, store.SecretWHMCSAccessKey); err != nil && !errors.Is(err, store.ErrSecretNotFound) {
				setupErr = err
				return
			}
		}
		api, err := f.g.newWHMCS(whmcs.Config{URL: u, Identifier: id, Secret: s, AccessKey: k})
		if err != nil {
			setupErr = err
			return
		}
		checks = api.CheckAccessFor(ctx, invoices)
	}, func() {
		f.testing = false
		f.test.Enable()
		ok := setupErr == nil && showChecks(f.checks, checks)
		if setupErr != nil {
			f.checks.reset(explain(setupErr))
		}
		if ok {
			f.passed = print
		}
		if done != nil {
			done(ok)
		}
	})
}

// showChecks lists WHMCS's answers and says whether the app can work.
func showChecks(c *checkList, checks []whmcs.Check) bool {
	ok := len(checks) > 0
	for _, ch := range checks {
		if ch.Required && !ch.Allowed {
			ok = false
		}
	}
	if ok {
		c.reset(tr("check.whmcs_ok", "Connected to WHMCS. The API role allows what the app needs."))
	} else {
		c.reset(tr("check.whmcs_failed", "The app cannot work with WHMCS yet:"))
	}
	// An error that is not about one action (wrong secret, IP not allowed,
	// unreachable) is the same for every check: say it once.
	if len(checks) > 0 && !checks[0].Allowed && checks[0].Err != nil && !whmcs.IsKind(checks[0].Err, whmcs.KindPermission) {
		c.add(false, false, explain(checks[0].Err))
		return false
	}
	for _, ch := range checks {
		switch {
		case ch.Allowed && ch.Err == nil:
			c.add(true, false, tr("check.allowed", "{{.action}}: allowed", "action", ch.Action))
		case ch.Allowed:
			c.add(true, true, tr("check.allowed_but", "{{.action}}: allowed, but {{.problem}}", "action", ch.Action, "problem", explain(ch.Err)))
		case ch.Required:
			c.add(false, false, tr("check.denied", "{{.action}}: not allowed — {{.problem}}", "action", ch.Action, "problem", explain(ch.Err)))
		default:
			c.add(true, true, tr("check.optional_denied", "{{.action}} (optional): not allowed — {{.problem}}", "action", ch.Action, "problem", explain(ch.Err)))
		}
	}
	return ok
}

// saveSecrets stores what was typed (an empty entry keeps a saved secret);
// call it off the UI goroutine.
func (f *whmcsFields) saveSecrets(ctx context.Context, secret, key string) error {
	if secret != "" {
		if err := f.g.secrets.Set(ctx, store.DefaultProfile, store.SecretWHMCSSecret, secret); err != nil {
			return err
		}
	}
	if key != "" {
		return f.g.secrets.Set(ctx, store.DefaultProfile, store.SecretWHMCSAccessKey, key)
	}
	if !f.accessKeySaved {
		return f.g.secrets.Delete(ctx, store.DefaultProfile, store.SecretWHMCSAccessKey)
	}
	return nil
}

func (f *whmcsFields) apply(s *store.Settings) {
	s.WHMCSURL, s.WHMCSIdentifier, _, _ = f.values()
}

// markSaved notes which secrets are now in the keyring. The entries keep
// what was typed, so Back and Next show the same values.
func (f *whmcsFields) markSaved() {
	_, _, secret, key := f.values()
	f.secretSaved = f.secretSaved || secret != ""
	f.accessKeySaved = key != ""
	setSaved(f.secret, f.secretSaved)
	setSaved(f.accessKey, f.accessKeySaved)
}

func (f *whmcsFields) valuesSlice() []string {
	u, id, s, k := f.values()
	return []string{u, id, s, k}
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func (f *whmcsFields) setSaved(saved map[string]bool) {
	f.secretSaved, f.accessKeySaved = saved[store.SecretWHMCSSecret], saved[store.SecretWHMCSAccessKey]
	setSaved(f.secret, f.secretSaved)
	setSaved(f.accessKey, f.accessKeySaved)
}
