package eracuni_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

// The real limit is 4 requests in 4 s; the test scales the window down and
// lets the double count requests per window, so no wall-time assertion is
// made.
const (
	scaledLimit = 4
	// One second, not less: the limiter's margin is a twentieth of the
	// window (50 ms here), which a loaded CI machine's scheduling must not eat.
	scaledWindow = time.Second
)

func burst(a *eracuni.API, n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = a.Ping(context.Background()) })
	}
	wg.Wait()
	return errs
}

func TestLimiterKeepsABurstOf20WithinTheLimit(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) { c.Limit, c.Window = scaledLimit, scaledWindow })
	a := newClient(t, srv, func(c *eracuni.Config) {
		c.Limiter = eracuni.NewLimiterFor(scaledLimit, scaledWindow)
		c.Retry.Attempts = 1 // a single refusal would show as an error
	})
	for i, err := range burst(a, 20) {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if got := srv.MaxInWindow(); got > scaledLimit {
		t.Fatalf("the double saw %d requests in one %v window, limit %d", got, scaledWindow, scaledLimit)
	}
	if srv.RateLimited() != 0 || srv.Calls("") != 20 {
		t.Fatalf("refused %d, calls %d", srv.RateLimited(), srv.Calls(""))
	}
}

// Without pacing the same burst trips the double's limit: the measurement
// above can fail.
func TestUnpacedBurstTripsTheLimit(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) { c.Limit, c.Window = scaledLimit, time.Minute })
	a := newClient(t, srv, func(c *eracuni.Config) { c.Retry.Attempts = 1 })
	limited := 0
	for _, err := range burst(a, 8) {
		if eracuni.IsKind(err, eracuni.KindRateLimited) {
			limited++
		}
	}
	if limited != 4 || srv.RateLimited() != 4 || srv.MaxInWindow() != 8 {
		t.Fatalf("limited %d, double refused %d, max in window %d; want 4, 4, 8", limited, srv.RateLimited(), srv.MaxInWindow())
	}
}

// One limiter shared by two clients of the same account paces them together.
func TestSharedLimiterPacesEveryClient(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) { c.Limit, c.Window = scaledLimit, scaledWindow })
	shared := eracuni.NewLimiterFor(scaledLimit, scaledWindow)
	mod := func(c *eracuni.Config) { c.Limiter, c.Retry.Attempts = shared, 1 }
	a, b := newClient(t, srv, mod), newClient(t, srv, mod)
	var wg sync.WaitGroup
	var errA, errB []error
	wg.Go(func() { errA = burst(a, 5) })
	wg.Go(func() { errB = burst(b, 5) })
	wg.Wait()
	for _, err := range append(errA, errB...) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.MaxInWindow(); got > scaledLimit {
		t.Fatalf("max %d in one window", got)
	}
}
