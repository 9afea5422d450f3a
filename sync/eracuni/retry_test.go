package eracuni_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/internal/testnet"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestTooManyRequestsAndBusyAreRetriedThenSucceed(t *testing.T) {
	for _, fault := range []eracunitest.FaultKind{eracunitest.TooManyRequests, eracunitest.Busy} {
		srv := newDouble(t, nil)
		srv.Fault(eracuni.MethodSalesOrderCreate, 1, fault)
		srv.Fault(eracuni.MethodSalesOrderCreate, 2, fault)
		doc, err := newClient(t, srv, nil).CreateSalesOrder(context.Background(), sampleOrder("1100", "2026-03-02"))
		if err != nil {
			t.Fatalf("fault %d: %v", fault, err)
		}
		if n := srv.Calls(eracuni.MethodSalesOrderCreate); n != 3 {
			t.Fatalf("fault %d: %d calls, want 3", fault, n)
		}
		if s := srv.SalesOrdersByReference("1100"); len(s) != 1 || s[0].DocumentID != doc.DocumentID {
			t.Fatalf("fault %d: stored %+v", fault, s)
		}
	}
}

func TestPersistentRateLimitAndBusyGiveUpWithTheirOwnKind(t *testing.T) {
	cases := []struct {
		fault eracunitest.FaultKind
		kind  eracuni.Kind
		says  string
	}{
		{eracunitest.TooManyRequests, eracuni.KindRateLimited, `"Too Many Requests"`},
		{eracunitest.Busy, eracuni.KindBusy, "still busy with another request"},
	}
	for _, tc := range cases {
		srv := newDouble(t, nil)
		srv.Fault(eracuni.MethodSalesOrderList, 0, tc.fault)
		a := newClient(t, srv, func(c *eracuni.Config) { c.Retry.Attempts = 3 })
		err := a.Ping(context.Background())
		if kindOf(t, err) != tc.kind {
			t.Fatalf("want %v, got %v", tc.kind, err)
		}
		if !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "attempts: 3") {
			t.Fatalf("message %q", err)
		}
		if n := srv.Calls(eracuni.MethodSalesOrderList); n != 3 {
			t.Fatalf("%d calls, want 3", n)
		}
	}
}

func TestAmbiguousCreateIsOutcomeUnknownAndNotResent(t *testing.T) {
	cases := []struct {
		name   string
		fault  eracunitest.FaultKind
		stored int
	}{
		{"dropped after storing", eracunitest.DropAfterStore, 1},
		{"stalled past the timeout", eracunitest.Stall, 1},
		{"dropped before storing", eracunitest.Drop, 0}, // the client cannot tell the two apart
		{"gateway error page", eracunitest.ErrorPage, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newDouble(t, nil)
			srv.Fault(eracuni.MethodSalesOrderCreate, 1, tc.fault)
			a := newClient(t, srv, func(c *eracuni.Config) { c.Timeout = 200 * time.Millisecond })
			_, err := a.CreateSalesOrder(context.Background(), sampleOrder("1200", "2026-03-02"))
			if kindOf(t, err) != eracuni.KindOutcomeUnknown {
				t.Fatalf("want KindOutcomeUnknown, got %v", err)
			}
			if !strings.Contains(err.Error(), "it will be looked up before anything is sent again") {
				t.Fatalf("message %q", err)
			}
			if n := srv.Calls(eracuni.MethodSalesOrderCreate); n != 1 {
				t.Fatalf("the create was sent %d times, want exactly once", n)
			}
			if n := len(srv.SalesOrdersByReference("1200")); n != tc.stored {
				t.Fatalf("double holds %d orders, want %d", n, tc.stored)
			}
			// The engine's next step: look the order up by its reference.
			listed, err := a.SalesOrders(context.Background(), "2026-03-02", "2026-03-02")
			if err != nil || len(listed) != tc.stored {
				t.Fatalf("lookup: %v %v", listed, err)
			}
		})
	}
}

func TestStalledCreateUnwrapsTheDeadline(t *testing.T) {
	srv := newDouble(t, nil)
	srv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.Stall)
	a := newClient(t, srv, func(c *eracuni.Config) { c.Timeout = 100 * time.Millisecond })
	_, err := a.CreateSalesOrder(context.Background(), sampleOrder("1201", "2026-03-02"))
	if !eracuni.IsKind(err, eracuni.KindOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want KindOutcomeUnknown wrapping the deadline, got %v", err)
	}
	if !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("message %q", err)
	}
}

func TestAmbiguousInvoiceIsOutcomeUnknownAndNotResent(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	order, err := a.CreateSalesOrder(context.Background(), sampleOrder("1300", "2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Fault(eracuni.MethodSalesOrderCreateInvoice, 1, eracunitest.DropAfterStore)
	_, err = a.CreateInvoiceFromOrder(context.Background(), order.DocumentID)
	if !eracuni.IsKind(err, eracuni.KindOutcomeUnknown) {
		t.Fatalf("want KindOutcomeUnknown, got %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderCreateInvoice); n != 1 {
		t.Fatalf("sent %d times, want 1", n)
	}
	if n := len(srv.SalesInvoicesByReference("1300")); n != 1 {
		t.Fatalf("double holds %d invoices, want 1", n)
	}
}

func TestConnectionRefusedIsANetworkErrorNotUnknown(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, func(c *eracuni.Config) {
		c.Retry.Attempts = 2
		c.Endpoint = "http://" + testnet.RefusedAddr(t) + "/WebServicesSI/API" // the create cannot have been sent
	})
	_, err := a.CreateSalesOrder(context.Background(), sampleOrder("1400", "2026-03-02"))
	if kindOf(t, err) != eracuni.KindNetwork {
		t.Fatalf("want KindNetwork, got %v", err)
	}
	if !strings.Contains(err.Error(), "Could not reach e-računi at 127.0.0.1:") {
		t.Fatalf("message %q", err)
	}
}

func TestReadsRetryDroppedAndFailedAnswers(t *testing.T) {
	srv := newDouble(t, nil)
	srv.Fault(eracuni.MethodSalesOrderList, 1, eracunitest.Drop)
	srv.Fault(eracuni.MethodSalesOrderList, 2, eracunitest.ErrorPage)
	srv.Fault(eracuni.MethodSalesOrderList, 3, eracunitest.Stall)
	a := newClient(t, srv, func(c *eracuni.Config) { c.Timeout = 200 * time.Millisecond })
	if _, err := a.SalesOrders(context.Background(), "2026-03-01", "2026-03-31"); err != nil {
		t.Fatalf("SalesOrders: %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderList); n != 4 {
		t.Fatalf("%d calls, want 4", n)
	}
}

func TestPersistentServerErrorOnAReadIsKindServer(t *testing.T) {
	srv := newDouble(t, nil)
	srv.Fault(eracuni.MethodSalesInvoiceList, 0, eracunitest.ErrorPage)
	a := newClient(t, srv, func(c *eracuni.Config) { c.Retry.Attempts = 2 })
	_, err := a.SalesInvoices(context.Background(), "2026-03-01", "2026-03-31")
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindServer || e.Status != 503 {
		t.Fatalf("want KindServer with HTTP 503, got %v", err)
	}
	if !strings.Contains(err.Error(), "503 Service Unavailable") {
		t.Fatalf("message lacks the page's title: %q", err)
	}
	if n := srv.Calls(eracuni.MethodSalesInvoiceList); n != 2 {
		t.Fatalf("%d calls, want 2", n)
	}
}

func TestValidationErrorsAreNotRetried(t *testing.T) {
	srv := newDouble(t, nil)
	srv.Fault(eracuni.MethodSalesOrderList, 1, eracunitest.HTTP500JSON)
	err := newClient(t, srv, nil).Ping(context.Background())
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindValidation || e.Status != 500 || len(e.Fields) != 1 || e.Fields[0].Field != "injected" {
		t.Fatalf("want one field error from the 500 JSON body, got %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderList); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
}

func TestCancelledCallSendsNothing(t *testing.T) {
	srv := newDouble(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newClient(t, srv, nil).CreateSalesOrder(ctx, sampleOrder("1500", "2026-03-02"))
	if !eracuni.IsKind(err, eracuni.KindNetwork) || !errors.Is(err, context.Canceled) {
		t.Fatalf("want KindNetwork wrapping context.Canceled, got %v", err)
	}
	if srv.Calls("") != 0 {
		t.Fatal("a cancelled call was sent")
	}
}

func TestLatencyBeyondTheTimeoutIsRetriedOnReads(t *testing.T) {
	srv := newDouble(t, nil)
	srv.SetLatency(300 * time.Millisecond)
	a := newClient(t, srv, func(c *eracuni.Config) { c.Timeout, c.Retry.Attempts = 100*time.Millisecond, 2 })
	err := a.Ping(context.Background())
	if !eracuni.IsKind(err, eracuni.KindNetwork) || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("want KindNetwork after the timeout, got %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderList); n != 2 {
		t.Fatalf("%d calls, want 2", n)
	}
	srv.SetLatency(0)
	if err := a.Ping(context.Background()); err != nil {
		t.Fatalf("without latency: %v", err)
	}
}
