package whmcs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fastRetry keeps retries real but quick: three attempts, millisecond waits.
var fastRetry = Retry{Attempts: 3, Base: time.Millisecond, Max: 4 * time.Millisecond}

func serve(t testing.TB, shop *whmcstest.Shop) *whmcstest.Server {
	t.Helper()
	srv := whmcstest.NewServer(shop)
	t.Cleanup(srv.Close)
	return srv
}

func newAPI(t testing.TB, srv *whmcstest.Server, mod ...func(*Config)) *API {
	t.Helper()
	cfg := Config{URL: srv.URL, Identifier: whmcstest.DemoIdentifier, Secret: whmcstest.DemoSecret,
		Timeout: 5 * time.Second, Retry: fastRetry}
	for _, m := range mod {
		m(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func collect(t testing.TB, a *API, f OrderFilter) ([]Order, error) {
	t.Helper()
	var out []Order
	for o, err := range a.Orders(context.Background(), f) {
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	return out, nil
}

// countYields counts how often each record was yielded, reporting any
// yielded twice ("order 12 yielded twice").
func countYields[T any](t *testing.T, what string, items []T, id func(T) int64) map[int64]int {
	t.Helper()
	n := make(map[int64]int, len(items))
	for _, it := range items {
		if n[id(it)]++; n[id(it)] == 2 {
			t.Errorf("%s %d yielded twice", what, id(it))
		}
	}
	return n
}

// asError asserts err is an *Error of kind k and returns it.
func asError(t testing.TB, err error, k Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error of kind %v, got %T %v", k, err, err)
	}
	if e.Kind != k {
		t.Fatalf("want kind %v, got %v: %v", k, e.Kind, e)
	}
	if !IsKind(err, k) {
		t.Fatalf("IsKind(%v) false for %v", k, err)
	}
	return e
}

func mustContain(t testing.TB, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%q\n  does not contain %q", s, p)
		}
	}
}

// clock is a settable time source for bans.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func describe(o Order) string { return fmt.Sprintf("%+v", o) }
