package eracuni

import (
	"context"
	"time"
)

// Retry sets how often and how patiently a call is repeated after e-računi
// said it did not process it ("Too Many Requests", "Another web request is
// currently being processed", "Concurrent usage of atomic API operations"),
// and, for reads only, after network errors and server errors without an
// e-računi error body. Creates that may have reached e-računi are never
// repeated. Zero fields take the defaults: 5 attempts, 2s base, 30s max.
type Retry struct {
	Attempts  int           // total tries, the first included; 1 disables retrying
	Base, Max time.Duration // delay before retry k is Base·2^(k-1), at most Max
}

func (r Retry) withDefaults() Retry {
	if r.Attempts < 1 {
		r.Attempts = 5
	}
	if r.Base <= 0 {
		r.Base = 2 * time.Second
	}
	if r.Max <= 0 {
		r.Max = 30 * time.Second
	}
	if r.Max < r.Base {
		r.Max = r.Base
	}
	return r
}

// delay is the pause after the given failed attempt (1-based).
func (r Retry) delay(attempt int) time.Duration {
	d := r.Base
	for i := 1; i < attempt && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
