package sync

import (
	"testing"
	"time"
)

type scheduleClock struct{ t time.Time }

func (c *scheduleClock) now() time.Time          { return c.t }
func (c *scheduleClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestScheduleOverdueRunsOnceNotABurst(t *testing.T) {
	clk := &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	// The laptop slept for ten hours past an hourly slot.
	s := NewSchedule(clk.now, time.Hour, clk.t.Add(-10*time.Hour))
	fired := 0
	for range 5 { // the app's ticker asks several times in a row after waking
		if s.Due() {
			fired++
			s.Started()
		}
	}
	if fired != 1 {
		t.Fatalf("an overdue schedule started %d runs, want exactly 1 catch-up run", fired)
	}
	s.Finished()
	if s.Due() {
		t.Fatal("due again right after the catch-up run finished")
	}
	if want := clk.t.Add(time.Hour); !s.Next().Equal(want) {
		t.Fatalf("next run at %v, want one interval after the catch-up run (%v)", s.Next(), want)
	}
	clk.advance(59 * time.Minute)
	if s.Due() {
		t.Fatal("due before the interval passed")
	}
	clk.advance(time.Minute)
	if !s.Due() {
		t.Fatal("not due once the interval passed")
	}
}

func TestScheduleNeverOverlaps(t *testing.T) {
	clk := &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s := NewSchedule(clk.now, 15*time.Minute, clk.t.Add(-time.Hour))
	s.Started() // a manual sync is running
	clk.advance(time.Hour)
	if s.Due() {
		t.Fatal("an automatic sync was due while another run was still running")
	}
	s.Finished()
	if !s.Due() {
		t.Fatal("not due after a long run ended past the slot")
	}
}

func TestScheduleManualRunPushesNextOut(t *testing.T) {
	clk := &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s := NewSchedule(clk.now, time.Hour, clk.t.Add(-50*time.Minute))
	s.Started()
	s.Finished()
	clk.advance(30 * time.Minute)
	if s.Due() {
		t.Fatal("automatic sync due 30 minutes after a manual one with an hourly interval")
	}
}

func TestScheduleOffPausedAndFirstRun(t *testing.T) {
	clk := &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s := NewSchedule(clk.now, 0, time.Time{})
	clk.advance(48 * time.Hour)
	if s.Due() || !s.Next().IsZero() {
		t.Fatal("automatic sync due while the interval is off")
	}

	clk = &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s = NewSchedule(clk.now, time.Hour, time.Time{})
	if s.Due() {
		t.Fatal("a schedule with no history fired at start-up; the first sync is the user's")
	}
	s.SetPaused(true)
	clk.advance(2 * time.Hour)
	if s.Due() || !s.Next().IsZero() {
		t.Fatal("due while paused")
	}
	s.SetPaused(false)
	if !s.Due() {
		t.Fatal("not due after resuming past the slot")
	}
}

func TestScheduleClockWentBack(t *testing.T) {
	clk := &scheduleClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s := NewSchedule(clk.now, time.Hour, clk.t.Add(5*time.Hour)) // last run "in the future"
	if want := clk.t.Add(time.Hour); !s.Next().Equal(want) {
		t.Fatalf("next = %v, want %v (one interval from now, not from the future)", s.Next(), want)
	}
}
