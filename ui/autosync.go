package ui

import (
	gosync "sync"
	"time"

	engine "whmcs-eracuni/sync"
)

// tickEvery is how often the app asks the schedule whether a sync is due.
// The schedule itself works from the wall clock, so after a laptop wakes
// the next tick finds one overdue run, not one per missed slot.
const tickEvery = 20 * time.Second

// startTicker asks the schedule on a ticker; the first question comes at
// once, so a run overdue at start-up happens right away.
func (g *gui) startTicker(every time.Duration) {
	t := time.NewTicker(every)
	stop := make(chan struct{})
	var once gosync.Once
	g.stopTick = func() { once.Do(func() { close(stop) }) }
	go func() {
		defer t.Stop()
		g.do(g.tick)
		for {
			select {
			case <-t.C:
				g.do(g.tick)
			case <-stop:
				return
			}
		}
	}()
}

// tick starts an automatic sync when one is due and keeps "next automatic
// sync" current. Runs never overlap: a running preview or sync makes the
// schedule wait for the next tick.
func (g *gui) tick() {
	if !g.settings.SetupComplete || g.wizard != nil {
		return
	}
	g.header.show(g.lastRun, runHealth(g.lastRun))
	if !g.busy && g.schedule.Due() {
		g.startRun(kindSync, engine.TriggerScheduled, false) // last: it starts background work
	}
}
