package sync

import (
	gosync "sync"
	"time"
)

// Intervals the app offers for automatic syncs; 0 is off.
var Intervals = []time.Duration{0, 15 * time.Minute, 30 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour}

// Schedule decides when the next automatic sync is due. It holds no timer:
// the app asks Due on a ticker of its own, so a laptop that slept through
// several slots finds one run due when it wakes, not a burst of them. The
// next run is always counted from when the last run started, whoever
// started it, so a manual sync also pushes the automatic one out. Safe for
// concurrent use.
type Schedule struct {
	mu       gosync.Mutex
	now      func() time.Time
	interval time.Duration
	paused   bool
	running  bool
	last     time.Time // start of the last run; zero until one is known
	origin   time.Time // when the schedule began, for a first run with no history
}

// NewSchedule starts a schedule at now() with the last run from the
// history (zero when there was none). now is the clock; tests inject one.
func NewSchedule(now func() time.Time, interval time.Duration, lastRun time.Time) *Schedule {
	if now == nil {
		now = time.Now
	}
	s := &Schedule{now: now, interval: interval, last: lastRun.Round(0)}
	s.origin = s.wall()
	return s
}

// wall is now without its monotonic reading. The monotonic clock stops
// while a laptop sleeps, so comparing with it would hide that a run became
// overdue during the sleep; the wall clock does not stop.
func (s *Schedule) wall() time.Time {
	return s.now().Round(0)
}

// SetInterval changes the interval; 0 turns automatic syncs off.
func (s *Schedule) SetInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interval = d
}

// SetPaused pauses or resumes automatic syncs without forgetting the interval.
func (s *Schedule) SetPaused(p bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = p
}

// Started records that a run (automatic or not) began now. While it runs,
// Due is false: runs never overlap.
func (s *Schedule) Started() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = true
	s.last = s.wall()
}

// Finished records that the running run ended.
func (s *Schedule) Finished() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = false
}

// Next is when the next automatic sync is due; zero when automatic syncs
// are off or paused. A time in the past means overdue: Due is true.
func (s *Schedule) Next() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next()
}

func (s *Schedule) next() time.Time {
	if s.interval <= 0 || s.paused {
		return time.Time{}
	}
	base := s.last
	if base.IsZero() {
		// Never synced: the first sync is the user's (after a preview);
		// the schedule takes over one interval after the app started.
		base = s.origin
	}
	if now := s.wall(); base.After(now) {
		base = now // the clock went back; do not wait for the old future
	}
	return base.Add(s.interval)
}

// Due reports whether an automatic sync should start now. The caller starts
// it and calls Started straight away, so asking again says false.
func (s *Schedule) Due() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return false
	}
	n := s.next()
	return !n.IsZero() && !s.wall().Before(n)
}
