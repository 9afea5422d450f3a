package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"whmcs-eracuni/store"
)

// historyStore holds a full history: 199 runs of 100 orders and, newest, a
// first sync of 20,000 orders.
func historyStore(b *testing.B) *store.DB {
	b.Helper()
	db, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	start := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	orders := func(n int) []store.RunOrder {
		out := make([]store.RunOrder, n)
		for i := range out {
			out[i] = store.RunOrder{Kind: "order", ID: int64(20000 - i), OrderNum: fmt.Sprint(4726193850 + i), Date: "2026-11-20",
				Client: "Šumi d.o.o.", Amount: "59.88", Currency: "EUR", Action: "create",
				Reason: "Created as sales order 2026-00042", DocumentID: fmt.Sprintf("60:%d", 251861+i), DocumentNumber: fmt.Sprintf("2026-%05d", i+1)}
		}
		return out
	}
	for i := range 200 {
		n := 100
		if i == 199 {
			n = 20000
		}
		t := start.Add(time.Duration(i) * time.Hour)
		if err := db.SaveRun(store.Run{ID: store.NewRunID(t), Started: t, Finished: t.Add(time.Minute), Trigger: "scheduled",
			Created: n, Orders: orders(n)}); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkHistoryScreen measures the history tab over a full history: how
// long the tab takes to build and lay out its list of 200 runs, and how long
// opening the 20,000-order run takes until its table is shown.
func BenchmarkHistoryScreen(b *testing.B) {
	test.NewTempApp(b)
	useLanguage("en")
	db := historyStore(b)
	g := &gui{db: db, settings: store.DefaultSettings(time.Now())}
	win := test.NewWindow(nil)
	defer win.Close()
	win.Resize(fyne.NewSize(1180, 760))

	b.Run("list-200-runs", func(b *testing.B) {
		for b.Loop() {
			h := newHistoryScreen(g)
			win.SetContent(h.content)
			if len(h.runs) != 200 {
				b.Fatalf("%d runs listed", len(h.runs))
			}
		}
	})
	b.Run("open-20000-order-run", func(b *testing.B) {
		h := newHistoryScreen(g)
		win.SetContent(h.content)
		for b.Loop() {
			h.open(0)
			if h.selected == nil || len(h.selected.Orders) != 20000 {
				b.Fatal("the big run did not open")
			}
		}
	})
}
