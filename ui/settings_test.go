package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"whmcs-eracuni/store"
)

func TestFailedOrderIsRetriedFromHistoryAfterFixingSettings(t *testing.T) {
	w := newWorld(t)
	w.setUp(func(s *store.Settings) { s.Warehouse = "99" }) // e-računi knows only warehouse 01
	g := w.open()
	test.Tap(g.header.syncNow)
	g.wait()

	h := g.history
	if len(h.runs) != 1 || h.runs[0].Failed != 2 {
		t.Fatalf("want one run with 2 failed orders, history has %+v", h.runs)
	}
	orders := strings.Join(tableText(len(h.selected.Orders), len(orderColumns), h.orderCell), "\n")
	if !strings.Contains(orders, "Failed") || !strings.Contains(orders, "e-računi rejected order") {
		t.Fatalf("the history does not show why the orders failed:\n%s", orders)
	}
	if !strings.Contains(g.tray.status.Label, "needs attention") || h.runCell(0, 5) != "Needs attention: some orders failed" {
		t.Errorf("tray %q / history %q do not say the run needs attention", g.tray.status.Label, h.runCell(0, 5))
	}
	if h.retryB.Disabled() {
		t.Fatal("Retry is not offered for a run with failed orders")
	}

	// Correct the warehouse in Settings, then retry from History.
	typeInto(g.prefs.opt.warehouse, testWarehouse)
	test.Tap(g.prefs.save)
	g.wait()
	if s, _ := w.settings(); s.Warehouse != testWarehouse || g.prefs.status.Text != "Settings saved." {
		t.Fatalf("the corrected warehouse was not saved (%q): %s", s.Warehouse, g.prefs.status.Text)
	}
	test.Tap(h.retryB)
	g.wait()
	if n := len(w.books.Documents()); n != 3 {
		t.Fatalf("retry made %d documents, want 2 sales orders and 1 invoice", n)
	}
	if len(h.runs) != 2 || h.runs[0].Failed != 0 || h.runs[0].Created != 2 {
		t.Fatalf("the retry run is not shown first with its outcome: %+v", h.runs[0])
	}
	if !strings.Contains(g.tray.status.Label, "fine") {
		t.Errorf("tray after the retry: %q", g.tray.status.Label)
	}
}

func TestForgetCredentialsRemovesSecretsAndSyncSaysWhatIsMissing(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	g := w.open()
	if !strings.Contains(g.prefs.wh.secret.PlaceHolder, "Saved in the system keyring") {
		t.Errorf("a saved secret is not shown as saved: placeholder %q", g.prefs.wh.secret.PlaceHolder)
	}
	g.prefs.forget()
	g.wait()
	for _, name := range store.AllSecrets {
		if _, err := w.secrets.Get(context.Background(), store.DefaultProfile, name); !errors.Is(err, store.ErrSecretNotFound) {
			t.Errorf("%s is still in the keyring (%v)", name, err)
		}
	}
	if g.prefs.wh.secret.PlaceHolder != "" || !strings.Contains(g.prefs.status.Text, "removed from the system keyring") {
		t.Errorf("Forget credentials does not say what it did: %q", g.prefs.status.Text)
	}
	test.Tap(g.header.syncNow)
	g.wait()
	if !strings.Contains(g.header.notice.Text, "WHMCS is not set up yet") {
		t.Fatalf("a sync without credentials does not say what is missing: %q", g.header.notice.Text)
	}
	if len(w.books.Documents()) != 0 {
		t.Fatal("documents were created without credentials")
	}
}

func TestSlovenianFollowsTheSettingAndSwitchesBack(t *testing.T) {
	w := newWorld(t)
	w.setUp(func(s *store.Settings) { s.Language = "sl" })
	g := w.open()
	if g.header.syncNow.Text != "Sinhroniziraj zdaj" || g.tabs.Items[1].Text != "Zgodovina" {
		t.Fatalf("the app is not in Slovenian: %q, %q", g.header.syncNow.Text, g.tabs.Items[1].Text)
	}
	test.Tap(g.header.preview)
	g.wait()
	p := g.preview
	found := false
	for i, d := range p.rows {
		o := w.orders[d.OrderNum]
		if o.Status == "Fraud" {
			found = true
			if p.cell(i, 5) != "V WHMCS označeno kot goljufija" || p.cell(i, 4) != "Preskočeno" {
				t.Errorf("the engine's reason is not translated: %q / %q", p.cell(i, 4), p.cell(i, 5))
			}
			if want := strings.Replace(o.Amount.StringFixed(2), ".", ",", 1) + " EUR"; p.cell(i, 3) != want {
				t.Errorf("amount %q, want %q (Slovenian decimal comma)", p.cell(i, 3), want)
			}
		}
	}
	if !found {
		t.Fatal("the fraud order is missing from the preview")
	}
	// The history keeps the message key, so a stored run reads in Slovenian too.
	h := g.history
	h.selectRun(p.plan.RunID)
	if h.selected == nil {
		t.Fatal("the preview run is not in the history")
	}
	if orders := strings.Join(tableText(len(h.selected.Orders), len(orderColumns), h.orderCell), "\n"); !strings.Contains(orders, "V WHMCS označeno kot goljufija") ||
		strings.Contains(orders, "Marked as fraud in WHMCS") {
		t.Errorf("the history shows the stored reason in English:\n%s", orders)
	}

	g.tabs.SelectIndex(2)
	g.prefs.language.SetSelected("English")
	test.Tap(g.prefs.save)
	g.wait()
	if s, _ := w.settings(); s.Language != "en" {
		t.Fatalf("language saved as %q", s.Language)
	}
	if g.header.syncNow.Text != "Sync now" || g.prefs.status.Text != "Settings saved." || g.tabs.SelectedIndex() != 2 {
		t.Fatalf("switching to English did not redraw the app: %q, %q, tab %d", g.header.syncNow.Text, g.prefs.status.Text, g.tabs.SelectedIndex())
	}
	if len(g.preview.rows) != len(w.orders) || !strings.Contains(strings.Join(tableText(len(g.preview.rows), 6, g.preview.cell), "\n"), "Marked as fraud in WHMCS") {
		t.Fatal("the preview was lost or not redrawn in English")
	}
}
