package eracuni

import (
	"time"

	"golang.org/x/time/rate"
)

// NewLimiter paces calls for one e-računi account, which accepts at most
// 4 requests in 4 seconds. Share one limiter among every API value that uses
// the same account.
func NewLimiter() *rate.Limiter { return NewLimiterFor(4, 4*time.Second) }

// NewLimiterFor paces calls so that no window of length per ever holds more
// than n of them, with room to spare; tests scale it down (4 per 200ms).
//
// A token bucket of burst b and rate r lets b + r·per calls into a window, so
// "burst n at n/per" would let 2n through. Instead the burst is 1 and one
// token comes every 1.05·per/n: any n+1 consecutive calls then span at least
// 1.05·per, so network delays may shift arrivals by a twentieth of the
// window (200 ms for the real limit) before the server could count more than
// n in one window — and a rare "Too Many Requests" is retried anyway. For
// the real limit that is one call every 1.05 s, within 5 % of the fastest
// the account allows (the sync's wall-time target is 10 % of that bound); a
// burst of 20 calls takes about 20 s.
func NewLimiterFor(n int, per time.Duration) *rate.Limiter {
	if n < 1 {
		n = 1
	}
	if per <= 0 {
		per = time.Second
	}
	every := per * 21 / time.Duration(20*n)
	return rate.NewLimiter(rate.Every(every), 1)
}
