package sync_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// BenchmarkFirstSyncAndRerun measures a first sync of 1,000 orders from 300
// clients and a no-change re-run against the two doubles with realistic
// latency (WHMCS 80 ms, e-računi 150 ms) and e-računi's real limit of 4
// requests in 4 s. BENCH_SCALE=10 runs every duration ten times faster for a
// quick look; the figures in docs/PERFORMANCE.md come from BENCH_SCALE=1:
//
//	go test -run '^$' -bench FirstSyncAndRerun -benchtime 1x -timeout 60m ./sync/
func BenchmarkFirstSyncAndRerun(b *testing.B) {
	scale := 1.0
	if v, err := strconv.ParseFloat(os.Getenv("BENCH_SCALE"), 64); err == nil && v > 0 {
		scale = v
	}
	d := func(x time.Duration) time.Duration { return time.Duration(float64(x) / scale) }
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		shop := whmcstest.Generate(7, 300, 1000, now)
		wsrv := whmcstest.NewServer(shop)
		wsrv.SetLatency(d(80 * time.Millisecond))
		esrv := eracunitest.NewServer(eracunitest.Config{
			Accounts: []eracunitest.Account{{Username: "bench", Password: "pw", Token: "T"}},
			Limit:    4, Window: d(4 * time.Second), Latency: d(150 * time.Millisecond),
		})
		db, err := store.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		s := store.DefaultSettings(now)
		s.Since = now.AddDate(0, 0, -121).Format("2006-01-02")
		if err := db.SaveSettings(s); err != nil {
			b.Fatal(err)
		}
		wh, _ := whmcs.New(whmcs.Config{URL: wsrv.URL, Identifier: whmcstest.DemoIdentifier, Secret: whmcstest.DemoSecret})
		er, _ := eracuni.New(eracuni.Config{Endpoint: esrv.URL, Username: "bench", Password: "pw", Token: "T",
			Limiter: eracuni.NewLimiterFor(4, d(4*time.Second))})
		eng := sync.New(sync.Config{DB: db, Shop: wh, Books: er, Now: func() time.Time { return now }})

		erCalls := func() int {
			n := 0
			for _, m := range []string{eracuni.MethodSalesOrderCreate, eracuni.MethodSalesOrderList,
				eracuni.MethodSalesOrderCreateInvoice, eracuni.MethodSalesInvoiceList} {
				n += esrv.Calls(m)
			}
			return n
		}
		start := time.Now()
		p, err := eng.Sync(context.Background(), sync.TriggerCLI, nil)
		first := time.Since(start)
		if err != nil || p.Err != nil || p.Counts.Failed != 0 {
			b.Fatalf("first sync: %v %v %+v", err, p.Err, p.Counts)
		}
		created, firstER := p.Counts.Created, erCalls()
		firstWH := wsrv.TotalCalls()
		// The lower bound: every e-računi call at the account's limit, one per second.
		bound := time.Duration(firstER) * d(time.Second)

		start = time.Now()
		p, err = eng.Sync(context.Background(), sync.TriggerCLI, nil)
		rerun := time.Since(start)
		if err != nil || p.Counts.Created != 0 {
			b.Fatalf("re-run: %v %+v", err, p.Counts)
		}
		b.ReportMetric(float64(created), "created")
		b.ReportMetric(float64(esrv.RateLimited()), "eracuni-429s")
		b.ReportMetric(float64(firstER)/float64(created), "eracuni-calls/created")
		b.ReportMetric(float64(firstWH), "whmcs-calls-first")
		b.ReportMetric(first.Seconds()*scale, "first-s(real)")
		b.ReportMetric(bound.Seconds()*scale, "bound-s(real)")
		b.ReportMetric(first.Seconds()/bound.Seconds(), "first/bound")
		b.ReportMetric(float64(wsrv.TotalCalls()-firstWH), "whmcs-calls-rerun")
		b.ReportMetric(float64(erCalls()-firstER), "eracuni-calls-rerun")
		b.ReportMetric(rerun.Seconds()*scale*1000, "rerun-ms(real)")
		b.Logf("clients read: %d (GetClientsDetails), order pages: %d", wsrv.Calls("GetClientsDetails"), wsrv.Calls("GetOrders"))
		db.Close()
		wsrv.Close()
		esrv.Close()
	}
}
