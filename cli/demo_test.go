package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

var demoNow = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func TestDemoShopIsDeterministic(t *testing.T) {
	a, b := cli.StartDemo(demoNow), cli.StartDemo(demoNow)
	defer a.Close()
	defer b.Close()
	oa, ob := a.Shop.Orders(), b.Shop.Orders()
	if len(oa) != cli.DemoOrders || len(oa) != len(ob) {
		t.Fatalf("%d and %d orders, want %d each", len(oa), len(ob), cli.DemoOrders)
	}
	for i := range oa {
		if oa[i].OrderNum != ob[i].OrderNum || !oa[i].Amount.Equal(ob[i].Amount) || oa[i].Status != ob[i].Status {
			t.Fatalf("order %d differs between two starts", i)
		}
	}
}

func TestDemoPreviewAndSyncImportEveryEligibleOrderOnce(t *testing.T) {
	w := cli.StartDemo(demoNow)
	defer w.Close()
	db, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := w.Demo.Settings(demoNow)
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	wh, er, err := sync.Connect(s, w.Demo.Credentials(), w.Demo.Connect...)
	if err != nil {
		t.Fatal(err)
	}
	eng := sync.New(sync.Config{DB: db, Shop: wh, Books: er, Now: func() time.Time { return demoNow }})

	eligible := map[int64]bool{}
	for _, o := range w.Shop.Orders() {
		if o.Date.Format("2006-01-02") >= s.Since && o.Status != "Fraud" && o.Status != "Cancelled" && o.Amount.IsPositive() {
			eligible[o.ID] = true
		}
	}
	if len(eligible) < 50 {
		t.Fatalf("only %d eligible demo orders; the demo should show some volume", len(eligible))
	}
	pv, err := eng.Preview(context.Background(), sync.TriggerManual, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Counts.Created != len(eligible) || pv.Counts.Skipped == 0 {
		t.Fatalf("preview %+v, want %d to create and some skipped", pv.Counts, len(eligible))
	}
	p, err := eng.Apply(context.Background(), pv, sync.TriggerManual, nil)
	if err != nil || p.Err != nil {
		t.Fatalf("apply: %v %v", err, p.Err)
	}
	if p.Counts.Created != len(eligible) || p.Counts.Failed != 0 {
		t.Fatalf("sync %+v, want %d created and none failed", p.Counts, len(eligible))
	}
	for _, o := range w.Shop.Orders() {
		n := len(w.Books.SalesOrdersByReference(sync.Reference(itoa(o.OrderNum))))
		if eligible[o.ID] != (n == 1) || n > 1 {
			t.Errorf("order %d (%s, %s): %d documents", o.ID, o.Status, o.Date.Format("2006-01-02"), n)
		}
	}
	// A new order arrives; the next sync picks it up, and only it.
	id := w.AddOrder(demoNow, 1)
	p, err = eng.Sync(context.Background(), sync.TriggerScheduled, nil)
	if err != nil || p.Counts.Created != 1 {
		t.Fatalf("sync after a new order: %+v %v", p.Counts, err)
	}
	o, _ := w.Shop.Order(id)
	if docs := w.Books.SalesOrdersByReference(sync.Reference(itoa(o.OrderNum))); len(docs) != 1 ||
		!strings.Contains(stringOf(docs[0].Fields["buyerName"]), " ") {
		t.Fatalf("the new order's documents: %+v", docs)
	}
	_ = whmcstest.DemoIdentifier

	// Turning on the renewal-invoice import brings the demo's renewals in, once.
	s.Invoices.Enabled, s.Invoices.Since = true, s.Since
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	p, err = eng.Sync(context.Background(), sync.TriggerManual, nil)
	if err != nil || p.Counts.Created == 0 || p.Counts.Failed != 0 {
		t.Fatalf("sync with renewal invoices: %+v %v %v", p.Counts, err, p.Err)
	}
	p, err = eng.Sync(context.Background(), sync.TriggerManual, nil)
	if err != nil || p.Counts.Created != 0 {
		t.Fatalf("a second sync with renewal invoices created %d", p.Counts.Created)
	}
}

func stringOf(v any) string { s, _ := v.(string); return s }
