package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"whmcs-eracuni/store"
)

func TestWizardCompletesSavesSettingsAndSecretsAndPreviews(t *testing.T) {
	w := newWorld(t)
	g := w.open()
	wz := g.wizard
	if wz == nil {
		t.Fatal("a new installation did not open the setup wizard")
	}

	// Step 1: WHMCS.
	w.fillWHMCS(wz, testIdentifier, testSecret)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 1 {
		t.Fatalf("still on step %d after a valid WHMCS step; the test said:\n%s\nproblem: %s", wz.step+1, wz.wh.checks.text(), wz.problem.Text)
	}
	if got := wz.wh.checks.text(); !strings.Contains(got, "GetOrders: allowed") || !strings.Contains(got, "GetClientsDetails: allowed") {
		t.Errorf("the connection test does not list each check as passed:\n%s", got)
	}

	// Back and Next keep what was typed.
	test.Tap(wz.back)
	if wz.step != 0 || wz.wh.url.Text != w.whmcs.URL || wz.wh.secret.Text != testSecret {
		t.Fatalf("Back lost the WHMCS values: step %d, url %q", wz.step, wz.wh.url.Text)
	}
	test.Tap(wz.next) // already tested with these values: no second test
	g.wait()
	if wz.step != 1 {
		t.Fatalf("Next after Back did not return to step 2 (step %d): %s", wz.step+1, wz.problem.Text)
	}

	// Step 2: e-računi.
	w.fillERacuni(wz)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 {
		t.Fatalf("still on step %d after a valid e-računi step: %s / %s", wz.step+1, wz.er.checks.text(), wz.problem.Text)
	}
	if !strings.Contains(wz.er.checks.text(), "Connected to e-računi as "+testUser) {
		t.Errorf("e-računi test result not shown: %s", wz.er.checks.text())
	}

	// Step 3: where orders go and which ones; a bad date is refused first.
	typeInto(wz.opt.warehouse, testWarehouse)
	typeInto(wz.opt.since, "last month")
	test.Tap(wz.next)
	g.wait()
	if wz.step != 2 || !strings.Contains(wz.problem.Text, "is not a date") {
		t.Fatalf("a bad start date was accepted (step %d, problem %q)", wz.step+1, wz.problem.Text)
	}
	typeInto(wz.opt.since, time.Now().AddDate(0, 0, -30).Format(time.DateOnly))
	test.Tap(wz.next)
	g.wait()
	if wz.step != 3 {
		t.Fatalf("still on step %d: %s", wz.step+1, wz.problem.Text)
	}
	if s, _ := w.settings(); s.SetupComplete {
		t.Fatal("setup marked complete before the summary was confirmed")
	}
	if !strings.Contains(wz.summary.Text, w.whmcs.URL) || !strings.Contains(wz.summary.Text, testWarehouse) {
		t.Errorf("summary does not show the choices:\n%s", wz.summary.Text)
	}

	// Step 4: summary → Preview the first sync.
	test.Tap(wz.finish)
	g.wait()
	s, saved := w.settings()
	if !saved || !s.SetupComplete || s.WHMCSURL != w.whmcs.URL || s.WHMCSIdentifier != testIdentifier ||
		s.ERacuniUsername != testUser || s.ERacuniEndpoint != w.books.URL || s.Warehouse != testWarehouse || s.ERacuniUseSecretKey {
		t.Fatalf("settings not saved as entered: %+v", s)
	}
	for name, want := range map[string]string{store.SecretWHMCSSecret: testSecret,
		store.SecretERacuniPassword: testPassword, store.SecretERacuniToken: testToken} {
		got, err := w.secrets.Get(context.Background(), store.DefaultProfile, name)
		if err != nil || got != want {
			t.Errorf("secret %s in the keyring = %q, %v; want what was typed", name, got, err)
		}
	}
	if g.wizard != nil {
		t.Fatal("the wizard is still open after setup")
	}
	if len(g.preview.rows) != len(w.orders) {
		t.Fatalf("the first preview shows %d orders, want %d:\n%s", len(g.preview.rows), len(w.orders), g.preview.status.Text)
	}
	if len(w.books.Documents()) != 0 {
		t.Fatal("the preview wrote to e-računi")
	}
}

func TestWizardWrongSecretShowsExplanationAndKeepsValues(t *testing.T) {
	w := newWorld(t)
	g := w.open()
	wz := g.wizard
	w.fillWHMCS(wz, testIdentifier, "not-the-secret")
	test.Tap(wz.next)
	g.wait()

	got := wz.wh.checks.text()
	if !strings.Contains(got, "WHMCS rejected the API identifier or secret") ||
		!strings.Contains(got, "Manage API Credentials") {
		t.Fatalf("the wrong secret is not explained in words for people:\n%s", got)
	}
	if strings.Contains(got, "not-the-secret") {
		t.Fatal("the secret is shown in the error")
	}
	if wz.step != 0 {
		t.Fatal("the wizard moved on with a wrong secret")
	}
	if wz.wh.url.Text != w.whmcs.URL || wz.wh.identifier.Text != testIdentifier || wz.wh.secret.Text != "not-the-secret" {
		t.Fatalf("typed values were lost: %q %q", wz.wh.url.Text, wz.wh.identifier.Text)
	}
	if _, saved := w.settings(); saved {
		t.Fatal("settings were saved although the step is not valid")
	}
	if _, err := w.secrets.Get(context.Background(), store.DefaultProfile, store.SecretWHMCSSecret); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("the wrong secret went to the keyring (err %v)", err)
	}

	// Correcting the secret is enough to go on.
	typeInto(wz.wh.secret, testSecret)
	test.Tap(wz.next)
	g.wait()
	if wz.step != 1 {
		t.Fatalf("the corrected secret was not accepted:\n%s", wz.wh.checks.text())
	}
}

func TestWizardNamesMissingPermission(t *testing.T) {
	w := newWorld(t)
	w.shop.AddCredential("orders-only", "s3cret", "GetOrders")
	g := w.open()
	wz := g.wizard
	w.fillWHMCS(wz, "orders-only", "s3cret")
	test.Tap(wz.wh.test)
	g.wait()

	got := wz.wh.checks.text()
	if !strings.Contains(got, "GetOrders: allowed") {
		t.Errorf("the allowed action is not shown as passed:\n%s", got)
	}
	if !strings.Contains(got, "GetClientsDetails: not allowed") ||
		!strings.Contains(got, "does not allow GetClientsDetails") || !strings.Contains(got, "API Roles") {
		t.Fatalf("the missing permission is not named with what to do:\n%s", got)
	}
	test.Tap(wz.next)
	g.wait()
	if wz.step != 0 {
		t.Fatal("the wizard moved on without a required permission")
	}
}
