package whmcs

import (
	"context"
	"errors"
	"testing"
	"time"

	"whmcs-eracuni/internal/testnet"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestServerErrorsAndDropsAreRetried(t *testing.T) {
	srv := serve(t, whmcstest.Generate(20, 2, 2, testNow))
	srv.Fault("GetClientsDetails", 1, whmcstest.HTTP500)
	srv.Fault("GetClientsDetails", 2, whmcstest.Drop)
	c, err := newAPI(t, srv).Client(ctx, 1)
	if err != nil || c.ID != 1 {
		t.Fatalf("%+v %v", c, err)
	}
	if n := srv.Calls("GetClientsDetails"); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestServerErrorIsReportedAfterBackoff(t *testing.T) {
	srv := serve(t, whmcstest.Generate(21, 2, 2, testNow))
	srv.Fault("GetInvoice", 0, whmcstest.HTTP500)
	a := newAPI(t, srv, func(c *Config) { c.Retry = Retry{Attempts: 3, Base: 20 * time.Millisecond, Max: time.Second} })
	start := time.Now()
	_, err := a.Invoice(ctx, 1001)
	elapsed := time.Since(start)
	e := asError(t, err, KindServer)
	if e.Status != 500 || srv.Calls("GetInvoice") != 3 {
		t.Errorf("status %d after %d calls", e.Status, srv.Calls("GetInvoice"))
	}
	mustContain(t, err.Error(), "HTTP 500", "500 Internal Server Error", "tried 3 times", "try again later")
	// Waits of at least 10ms and 20ms (half of 20ms and 40ms, jittered upwards).
	if elapsed < 30*time.Millisecond {
		t.Errorf("no backoff: %v", elapsed)
	}
}

func TestDroppedConnectionIsReportedAsNetwork(t *testing.T) {
	srv := serve(t, whmcstest.Generate(22, 2, 2, testNow))
	srv.Fault("GetOrders", 0, whmcstest.Drop)
	_, err := collect(t, newAPI(t, srv), OrderFilter{})
	asError(t, err, KindNetwork)
	mustContain(t, err.Error(), "closed before WHMCS finished answering", "tried 3 times", "internet connection")
	if n := srv.Calls("GetOrders"); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestTruncatedAnswerIsRetried(t *testing.T) {
	srv := serve(t, whmcstest.Generate(23, 2, 2, testNow))
	srv.Fault("GetOrders", 1, whmcstest.TruncatedJSON)
	orders, err := collect(t, newAPI(t, srv), OrderFilter{})
	if err != nil || len(orders) != 2 || srv.Calls("GetOrders") != 2 {
		t.Fatalf("%d orders, %v, %d calls", len(orders), err, srv.Calls("GetOrders"))
	}
	srv.Fault("GetOrders", 0, whmcstest.TruncatedJSON)
	_, err = collect(t, newAPI(t, srv), OrderFilter{})
	asError(t, err, KindServer)
	mustContain(t, err.Error(), "incomplete answer", "tried 3 times")
}

func TestStalledServerTimesOut(t *testing.T) {
	srv := serve(t, whmcstest.Generate(24, 2, 2, testNow))
	srv.Fault("GetClientsDetails", 0, whmcstest.Stall)
	a := newAPI(t, srv, func(c *Config) { c.Timeout = 50 * time.Millisecond; c.Retry.Attempts = 2 })
	start := time.Now()
	_, err := a.Client(ctx, 1)
	asError(t, err, KindNetwork)
	mustContain(t, err.Error(), "no answer within 50ms", "tried 2 times")
	if n := srv.Calls("GetClientsDetails"); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("timeout not applied: %v", time.Since(start))
	}
}

func TestLatencyWithinTheTimeoutIsFine(t *testing.T) {
	srv := serve(t, whmcstest.Generate(25, 2, 2, testNow))
	srv.SetLatency(20 * time.Millisecond)
	if _, err := newAPI(t, srv, func(c *Config) { c.Timeout = 2 * time.Second }).Client(ctx, 1); err != nil {
		t.Fatal(err)
	}
}

func TestCancellingStopsAtOnce(t *testing.T) {
	srv := serve(t, whmcstest.Generate(26, 2, 2, testNow))
	srv.Fault("GetClientsDetails", 0, whmcstest.Stall)
	cctx, cancel := context.WithCancel(ctx)
	srv.SetBeforeCall(func(string, int) { cancel() })
	_, err := newAPI(t, srv).Client(cctx, 1)
	asError(t, err, KindNetwork)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) is false: %v", err)
	}
	if n := srv.Calls("GetClientsDetails"); n != 1 {
		t.Errorf("%d calls after cancel, want 1", n)
	}
}

func TestConnectionRefusedSaysWhatWasTried(t *testing.T) {
	url := "http://" + testnet.RefusedAddr(t)
	a, err := New(Config{URL: url, Identifier: "id", Secret: "s", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Client(ctx, 1)
	asError(t, err, KindNetwork)
	mustContain(t, err.Error(), url+"/includes/api.php", "GetClientsDetails", "refused", "tried 3 times")
}

func TestBackoffIsExponentialCappedAndJittered(t *testing.T) {
	r := Retry{Attempts: 10, Base: 100 * time.Millisecond, Max: time.Second}
	for n := 1; n <= 40; n++ {
		ceil := min(r.Base<<min(n-1, 20), r.Max)
		for range 50 {
			if d := r.delay(n); d < ceil/2 || d > ceil {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", n, d, ceil/2, ceil)
			}
		}
	}
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[r.delay(3)] = true
	}
	if len(seen) < 2 {
		t.Error("no jitter")
	}
	a, _ := New(Config{URL: "https://x.example", Identifier: "i", Secret: "s"})
	if a.retry != (Retry{Attempts: 4, Base: 500 * time.Millisecond, Max: 8 * time.Second}) || a.pageSize != 100 || a.timeout != 30*time.Second {
		t.Errorf("defaults: %+v %d %v", a.retry, a.pageSize, a.timeout)
	}
}
