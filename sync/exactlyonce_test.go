package sync_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestAmbiguousCreateIsLookedUpNotSentAgain(t *testing.T) {
	f := newFixture(t)
	a := f.order(f.slovo, 2, "Active", "Paid")
	b := f.order(f.firma, 1, "Active", "Paid")
	f.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.DropAfterStore)
	p := f.sync()
	if p.Counts.Created != 2 || p.Counts.Failed != 0 {
		t.Fatalf("counts %+v: the lost answer must be resolved by a look-up in the same run", p.Counts)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 2 {
		t.Fatalf("%d create calls, want 2: the order whose answer was lost must not be sent again", n)
	}
	f.sync()
	f.assertExactlyOnce(a, b)
}

func TestAmbiguousCreateLeftPendingIsResolvedOnTheNextRun(t *testing.T) {
	f := newFixture(t)
	a := f.order(f.slovo, 1, "Active", "Paid")
	f.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.DropAfterStore)
	// The look-up right after fails too, every retry of it, so the order
	// stays pending.
	for call := 2; call <= 5; call++ {
		f.esrv.Fault(eracuni.MethodSalesOrderList, call, eracunitest.Drop)
	}
	p := f.sync()
	d := decisionFor(t, p, a)
	if d.Action != sync.ActionFail || !eracuni.IsKind(d.Err, eracuni.KindOutcomeUnknown) {
		t.Fatalf("first run: %s %v, want a failure with an unknown outcome", d.Action, d.Err)
	}
	if en, _, _ := f.db.Entry(store.KindOrder, a); en.State != store.StatePending {
		t.Fatalf("ledger %s, want pending until it is looked up", en.State)
	}
	f.esrv.ClearFaults()
	p = f.sync()
	if d := decisionFor(t, p, a); d.Action != sync.ActionAlready {
		t.Fatalf("second run: %s %q, want already (found by its reference)", d.Action, d.Reason.String())
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 1 {
		t.Fatalf("%d create calls in all, want 1", n)
	}
	f.assertExactlyOnce(a)
}

func TestDeletedDataFileCausesNoDuplicates(t *testing.T) {
	f := newFixture(t)
	ids := []int64{f.order(f.slovo, 3, "Active", "Paid"), f.order(f.firma, 2, "Active", "Unpaid"), f.order(f.eu, 1, "Active", "Paid")}
	f.sync()
	f.db.Close()
	if err := os.Remove(f.db.Path()); err != nil {
		t.Fatal(err)
	}
	f.open()
	calls := f.esrv.Calls(eracuni.MethodSalesOrderList)
	p := f.sync()
	if p.Counts.Already != 3 || p.Counts.Created != 0 {
		t.Fatalf("after the data file was deleted: %+v, want 3 already and nothing created", p.Counts)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderList) - calls; n != 1 {
		t.Fatalf("%d list calls to find the imported orders, want one for the whole window", n)
	}
	f.assertExactlyOnce(ids...)
	if d := decisionFor(t, p, ids[0]); d.DocumentNumber == "" {
		t.Fatal("an already imported order must name its document")
	}
}

func TestSecondRunWhileOneRunsIsRefused(t *testing.T) {
	f := newFixture(t)
	f.order(f.slovo, 1, "Active", "Paid")
	entered, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		first := true
		_, err := f.eng.Sync(context.Background(), sync.TriggerManual, func(p sync.Progress) {
			if first {
				first = false
				close(entered)
				<-release
			}
		})
		done <- err
	}()
	<-entered
	_, err := f.eng.Sync(context.Background(), sync.TriggerManual, nil)
	var busy sync.BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("second run: %v, want a clear 'already running' refusal", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCancelStopsBetweenOrdersAndTheNextRunFinishes(t *testing.T) {
	f := newFixture(t)
	var ids []int64
	for i := 0; i < 6; i++ {
		ids = append(ids, f.order(f.slovo, 1, "Active", "Paid"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	p, err := f.eng.Sync(ctx, sync.TriggerManual, func(p sync.Progress) {
		if p.Phase == sync.PhaseCreating && p.Done == 2 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var ce sync.CancelledError
	if !errors.As(p.Err, &ce) {
		t.Fatalf("run error %v, want cancelled", p.Err)
	}
	created := 0
	for _, id := range ids {
		en, ok, _ := f.db.Entry(store.KindOrder, id)
		if ok && en.State == store.StatePending {
			t.Fatalf("order %d left pending after a cancel", id)
		}
		if ok && en.State == store.StateDone {
			created++
		}
	}
	if created < 2 || created == len(ids) {
		t.Fatalf("%d orders created before the cancel took effect, want it to stop between orders", created)
	}
	if p.Counts.Created != created {
		t.Fatalf("the run reports %d created, the ledger %d", p.Counts.Created, created)
	}
	f.sync()
	f.assertExactlyOnce(ids...)
}

func TestValidationErrorFailsOneOrderReadablyAndIsRetried(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *store.Settings) { s.Warehouse = "99" })
	id := f.order(f.slovo, 1, "Active", "Paid")
	p := f.sync()
	d := decisionFor(t, p, id)
	msg := sync.RunOrder(d).Error
	if d.Action != sync.ActionFail || !strings.Contains(msg, "e-računi rejected order "+f.ordernum(id)+":") ||
		!strings.Contains(msg, eracuni.FieldWarehouse) {
		t.Fatalf("rejected order: %s %q", d.Action, msg)
	}
	f.settings(func(s *store.Settings) { s.Warehouse = "01" })
	if d := decisionFor(t, f.sync(), id); d.Action != sync.ActionCreate {
		t.Fatalf("after fixing the warehouse: %s %q, want create", d.Action, d.Reason.String())
	}
	f.assertExactlyOnce(id)
}

func TestIncrementalRunReadsOnePageAndCallsERacuniAtMostOnce(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 35; i++ {
		f.order(f.slovo, 20, "Active", "Paid")
	}
	f.sync()
	wBefore, eBefore := f.wsrv.Calls("GetOrders"), f.esrv.Calls(eracuni.MethodSalesOrderList)+f.esrv.Calls(eracuni.MethodSalesOrderCreate)
	p := f.sync()
	if n := f.wsrv.Calls("GetOrders") - wBefore; n != 1 {
		t.Fatalf("a no-change run read %d pages of orders, want 1", n)
	}
	if n := f.esrv.Calls(eracuni.MethodSalesOrderList) + f.esrv.Calls(eracuni.MethodSalesOrderCreate) - eBefore; n > 1 {
		t.Fatalf("a no-change run made %d e-računi calls, want at most 1", n)
	}
	if p.Counts.Created != 0 {
		t.Fatalf("a no-change run created %d", p.Counts.Created)
	}
	// A new order is picked up, again from the first page.
	id := f.order(f.firma, 0, "Active", "Paid")
	if d := decisionFor(t, f.sync(), id); d.Action != sync.ActionCreate {
		t.Fatalf("new order: %s", d.Action)
	}
	f.assertExactlyOnce(id)
}

func TestChangedOptionsReadEverythingAgain(t *testing.T) {
	f := newFixture(t)
	fraud := f.order(f.slovo, 5, "Fraud", "Unpaid")
	for i := 0; i < 25; i++ {
		f.order(f.slovo, 1, "Active", "Paid")
	}
	f.sync()
	f.settings(func(s *store.Settings) { s.Statuses = []string{"Active", "Fraud"} })
	if d := decisionFor(t, f.sync(), fraud); d.Action != sync.ActionCreate {
		t.Fatalf("after selecting Fraud: %s %q, want create", d.Action, d.Reason.String())
	}
}

func TestApplyCreatesWhatThePreviewShowed(t *testing.T) {
	f := newFixture(t)
	shown := f.order(f.slovo, 1, "Active", "Paid")
	pv := f.preview()
	late := f.order(f.firma, 0, "Active", "Paid")
	p, err := f.eng.Apply(context.Background(), pv, sync.TriggerManual, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := decisionFor(t, p, shown); d.Action != sync.ActionCreate || d.DocumentNumber == "" {
		t.Fatalf("previewed order: %s %q", d.Action, d.DocumentNumber)
	}
	if d := decisionFor(t, p, late); d.Action != sync.ActionSkip || len(f.docsFor(late)) != 0 {
		t.Fatalf("order that arrived after the preview: %s, %d documents; it must wait for the next sync", d.Action, len(f.docsFor(late)))
	}
	f.sync()
	f.assertExactlyOnce(shown, late)
}

func TestHistoryKeepsEveryRunWithItsOrders(t *testing.T) {
	f := newFixture(t)
	id := f.order(f.slovo, 1, "Active", "Paid")
	pv := f.preview()
	sy := f.sync()
	runs, total, err := f.db.Runs(0, 10)
	if err != nil || total != 2 {
		t.Fatalf("runs %d err %v, want 2", total, err)
	}
	if runs[0].ID != sy.RunID || runs[0].DryRun || !runs[1].DryRun || runs[1].ID != pv.RunID {
		t.Fatalf("history order/preview marks wrong: %+v", runs)
	}
	r, err := f.db.Run(sy.RunID)
	if err != nil || len(r.Orders) != 1 || r.Orders[0].ID != id || r.Orders[0].DocumentNumber == "" || r.Created != 1 {
		t.Fatalf("run detail %+v err %v", r, err)
	}
	var b strings.Builder
	if err := sync.WriteCSV(&b, r); err != nil || !strings.Contains(b.String(), r.Orders[0].DocumentNumber) {
		t.Fatalf("csv %q err %v", b.String(), err)
	}
}
