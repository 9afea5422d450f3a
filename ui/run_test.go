package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
)

func TestPreviewListsExpectedRows(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	g := w.open()
	test.Tap(g.header.preview)
	g.wait()

	p := g.preview
	rows := tableText(len(p.rows), len(previewColumns), p.cell)
	if len(rows) != len(w.orders) {
		t.Fatalf("preview lists %d orders, want %d:\n%s\n%s", len(rows), len(w.orders), strings.Join(rows, "\n"), p.status.Text)
	}
	want := map[string]struct{ action, reason string }{
		"Active":    {"Create + invoice", "Paid: a sales order and its invoice will be created"},
		"Pending":   {"Create", "A sales order will be created"},
		"Fraud":     {"Skip", "Marked as fraud in WHMCS"},
		"Cancelled": {"Skip", "Cancelled in WHMCS"},
	}
	seen := map[string]bool{}
	for i, d := range p.rows {
		o, ok := w.orders[d.OrderNum]
		if !ok {
			t.Fatalf("row %d is order %s, which the shop does not have", i, d.OrderNum)
		}
		seen[d.OrderNum] = true
		exp := want[o.Status]
		if p.cell(i, 0) != d.OrderNum || p.cell(i, 1) != o.Date.Format(time.DateOnly) {
			t.Errorf("row %d: %s", i, rows[i])
		}
		if got := p.cell(i, 3); got != o.Amount.StringFixed(2)+" EUR" {
			t.Errorf("order %s amount %q, want %s EUR", d.OrderNum, got, o.Amount.StringFixed(2))
		}
		if p.cell(i, 4) != exp.action || p.cell(i, 5) != exp.reason {
			t.Errorf("order %s (%s): action %q reason %q; want %q / %q", d.OrderNum, o.Status, p.cell(i, 4), p.cell(i, 5), exp.action, exp.reason)
		}
	}
	if len(seen) != len(w.orders) {
		t.Fatalf("some orders are listed twice: %v", rows)
	}
	if !strings.Contains(p.totals.Text, "To create: 2") || !strings.Contains(p.totals.Text, "skipped: 2") {
		t.Errorf("totals per action: %q", p.totals.Text)
	}

	// The detail pane shows the exact document of a create.
	row := firstCreate(p.rows)
	p.table.Select(widget.TableCellID{Row: row, Col: 0})
	doc := p.rows[row].Document
	for _, part := range []string{doc.Reference, doc.BuyerName, doc.BuyerTaxNumber, "Warehouse: " + testWarehouse, doc.Items[0].Description} {
		if !strings.Contains(p.detail.Text, part) {
			t.Errorf("document detail lacks %q:\n%s", part, p.detail.Text)
		}
	}
	if p.importB.Disabled() {
		t.Error(`"Import these" is disabled although the preview has orders to create`)
	}
	if len(w.books.Documents()) != 0 {
		t.Fatal("the preview wrote to e-računi")
	}

	// Import these creates exactly what the preview showed.
	test.Tap(p.importB)
	g.wait()
	if n := len(w.books.Documents()); n != 3 { // two sales orders, one invoice (the paid order)
		t.Fatalf("Import these made %d documents in e-računi, want 2 sales orders and 1 invoice", n)
	}
}

func TestSyncNowCreatesDocumentsAndHistoryShowsRun(t *testing.T) {
	w := newWorld(t)
	w.setUp(func(s *store.Settings) { s.InvoicePaid = false })
	g := w.open()
	if !strings.Contains(g.header.lastRun.Text, "No sync yet") {
		t.Fatalf("header before any sync: %q", g.header.lastRun.Text)
	}
	test.Tap(g.header.syncNow)
	g.wait()

	created := 0
	for num, o := range w.orders {
		docs := w.books.SalesOrdersByReference(engine.Reference(num))
		switch o.Status {
		case "Active", "Pending":
			if len(docs) != 1 {
				t.Errorf("order %s (%s): %d sales orders in e-računi, want 1", num, o.Status, len(docs))
			}
			created++
		default:
			if len(docs) != 0 {
				t.Errorf("order %s (%s) was imported", num, o.Status)
			}
		}
	}
	if !strings.Contains(g.header.lastRun.Text, "2 created") || !strings.Contains(g.header.lastRun.Text, "0 failed") {
		t.Errorf("header after the sync: %q", g.header.lastRun.Text)
	}

	h := g.history
	if len(h.runs) != 1 || h.runs[0].DryRun || h.runs[0].Created != created {
		t.Fatalf("history runs: %+v", h.runs)
	}
	if got := h.runCell(0, 1); got != "Sync (by hand)" {
		t.Errorf("history shows the run as %q", got)
	}
	if h.selected == nil || len(h.selected.Orders) != len(w.orders) {
		t.Fatalf("the run's orders are not shown")
	}
	orders := strings.Join(tableText(len(h.selected.Orders), len(orderColumns), h.orderCell), "\n")
	for num, o := range w.orders {
		if !strings.Contains(orders, num) {
			t.Errorf("history lacks order %s (%s):\n%s", num, o.Status, orders)
		}
	}
	if !strings.Contains(orders, "Created") || !strings.Contains(orders, "Marked as fraud in WHMCS") {
		t.Errorf("history does not show outcomes and reasons:\n%s", orders)
	}
	// Export: the save dialog opens with a file name, and what it answers
	// is written to a real file.
	test.Tap(h.exportB)
	if g.win.Canvas().Overlays().Top() == nil {
		t.Error("Export CSV opened no save dialog")
	}
	g.win.Canvas().Overlays().Remove(g.win.Canvas().Overlays().Top())
	path := filepath.Join(t.TempDir(), "run.csv")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	h.saveCSV(wc, nil)
	csv, err := os.ReadFile(path)
	if err != nil || h.status.Text != "Saved "+path+"." {
		t.Fatalf("export: %v, status %q", err, h.status.Text)
	}
	if lines := strings.Count(string(csv), "\n"); lines != len(w.orders)+1 {
		t.Errorf("CSV export has %d lines, want a header and %d orders:\n%s", lines, len(w.orders), csv)
	}
	h.saveCSV(failingWriter{storage.NewFileURI(path)}, nil)
	if !strings.Contains(h.status.Text, "The CSV file could not be written: ") {
		t.Errorf("a failed write says %q", h.status.Text)
	}

	// A second sync finds everything already there.
	test.Tap(g.header.syncNow)
	g.wait()
	if n := len(w.books.Documents()); n != created {
		t.Fatalf("a second sync left %d documents, want %d (no duplicates)", n, created)
	}
	if len(h.runs) != 2 {
		t.Fatalf("history holds %d runs after two syncs", len(h.runs))
	}
}

func TestSecondSyncWhileRunningIsRefused(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	g := w.open()
	reached, release := make(chan struct{}), make(chan struct{})
	first := true
	g.onProgress = func(engine.Progress) {
		if first { // only the engine's goroutine calls this
			first = false
			close(reached)
			<-release
		}
	}
	test.Tap(g.header.syncNow)
	<-reached // the first sync is now running

	if g.running.content.Hidden {
		t.Error("the running view is not shown while a sync runs")
	}
	test.Tap(g.header.syncNow)
	if !strings.Contains(g.header.notice.Text, "A sync is already running") || g.header.noticeBox.Hidden {
		t.Fatalf("a second Sync now is not refused with a message: %q", g.header.notice.Text)
	}
	// The tray's Sync now is refused the same way, and says so even with
	// the window hidden.
	test.AssertNotificationSent(t, fyne.NewNotification("Sync not started",
		"A sync is already running. Wait for it to finish (or cancel it) before starting another."), g.tray.syncNow.Action)
	g.tick() // and so is the schedule
	close(release)
	g.wait()

	runs, total, err := w.db.Runs(0, 0)
	if err != nil || total != 1 || runs[0].DryRun {
		t.Fatalf("history holds %d runs (%v), want the one sync", total, err)
	}
	if n := len(w.books.Documents()); n != 3 {
		t.Fatalf("%d documents in e-računi, want 3 from the one sync", n)
	}
	if !g.running.content.Hidden {
		t.Error("the running view stays after the sync ended")
	}
}

func TestCancelStopsTheRunningSync(t *testing.T) {
	w := newWorld(t)
	w.setUp(nil)
	g := w.open()
	reached, release := make(chan struct{}), make(chan struct{})
	first := true
	g.onProgress = func(p engine.Progress) {
		if first && p.Phase == engine.PhaseCreating {
			first = false
			close(reached)
			<-release
		}
	}
	test.Tap(g.header.syncNow)
	<-reached
	if !strings.Contains(g.running.count.Text, "order 1 of 2") {
		t.Errorf("progress shows %q, want order 1 of 2", g.running.count.Text)
	}
	test.Tap(g.running.cancel)
	close(release)
	g.wait()
	if n := len(w.books.Documents()); n >= 3 {
		t.Fatalf("cancel did not stop the sync: %d documents", n)
	}
	if !strings.Contains(g.header.notice.Text, "cancelled") {
		t.Errorf("the header does not say the run was cancelled: %q", g.header.notice.Text)
	}
}

func TestSchedulerFiresOnceWhenOverdue(t *testing.T) {
	w := newWorld(t)
	w.setUp(func(s *store.Settings) { s.Interval, s.NotifyCreated = time.Hour, true })
	start := time.Now()
	// The last sync was five hours ago: the laptop slept through four slots.
	if err := w.db.SaveRun(store.Run{ID: store.NewRunID(start.Add(-5 * time.Hour)), Started: start.Add(-5 * time.Hour),
		Finished: start.Add(-5 * time.Hour), Trigger: string(engine.TriggerManual)}); err != nil {
		t.Fatal(err)
	}
	clock := start
	g := w.open()
	g.now = func() time.Time { return clock }

	test.AssertNotificationSent(t, fyne.NewNotification("Orders imported", "2 sales orders were created in e-računi."), func() {
		for range 4 { // the ticker asks again and again after waking
			g.tick()
			g.wait()
		}
	})
	if n := countRuns(t, w.db, engine.TriggerScheduled); n != 1 {
		t.Fatalf("%d automatic syncs after waking, want exactly one catch-up run", n)
	}
	if !strings.Contains(g.header.nextRun.Text, "Next automatic sync") {
		t.Errorf("header does not say when the next run is: %q", g.header.nextRun.Text)
	}

	clock = clock.Add(59 * time.Minute)
	g.tick()
	g.wait()
	if n := countRuns(t, w.db, engine.TriggerScheduled); n != 1 {
		t.Fatalf("an automatic sync ran before the interval passed (%d)", n)
	}
	clock = clock.Add(2 * time.Minute)
	g.tick()
	g.wait()
	if n := countRuns(t, w.db, engine.TriggerScheduled); n != 2 {
		t.Fatalf("no automatic sync one interval later (%d)", n)
	}

	g.tray.pause.Action() // Pause from the tray
	g.wait()
	clock = clock.Add(3 * time.Hour)
	g.tick()
	g.wait()
	if n := countRuns(t, w.db, engine.TriggerScheduled); n != 2 {
		t.Fatalf("an automatic sync ran while paused (%d)", n)
	}
	if s, _ := w.settings(); !s.Paused || g.tray.pause.Label != "Resume automatic sync" {
		t.Fatalf("pause not saved or not shown (saved %v, menu %q)", s.Paused, g.tray.pause.Label)
	}
}

func countRuns(t *testing.T, db *store.DB, trigger engine.Trigger) int {
	t.Helper()
	runs, _, err := db.Runs(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range runs {
		if r.Trigger == string(trigger) {
			n++
		}
	}
	return n
}

func TestScheduledSyncThatFailsNotifies(t *testing.T) {
	w := newWorld(t)
	w.setUp(func(s *store.Settings) { s.Interval = 15 * time.Minute })
	if err := w.secrets.Set(context.Background(), store.DefaultProfile, store.SecretERacuniToken, "WRONG"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := w.db.SaveRun(store.Run{ID: store.NewRunID(start.Add(-time.Hour)), Started: start.Add(-time.Hour),
		Finished: start.Add(-time.Hour), Trigger: string(engine.TriggerManual)}); err != nil {
		t.Fatal(err)
	}
	g := w.open()
	body := `e-računi did not accept the login of user "` + testUser +
		`": check the username, the password or secret key, and the API token under Settings > Company settings > Web services – API in e-računi.`
	test.AssertNotificationSent(t, fyne.NewNotification("Sync failed", body), func() {
		g.tick()
		g.wait()
	})
	if g.header.notice.Text != body || !strings.Contains(g.tray.status.Label, "Last sync failed") {
		t.Fatalf("the failure is not shown in the window (%q) and tray (%q)", g.header.notice.Text, g.tray.status.Label)
	}
	if len(w.books.Documents()) != 0 {
		t.Fatal("documents were created with a wrong token")
	}
}

// failingWriter is a save target whose disk is full.
type failingWriter struct{ uri fyne.URI }

func (f failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }
func (f failingWriter) Close() error              { return nil }
func (f failingWriter) URI() fyne.URI             { return f.uri }
