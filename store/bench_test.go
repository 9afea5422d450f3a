package store

import (
	"path/filepath"
	"testing"
)

// BenchmarkPutEntry measures one committed, fsynced ledger write: the cost
// the engine pays before each create call.
func BenchmarkPutEntry(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := db.PutEntry(Entry{Kind: "order", ID: int64(i%5000 + 1), State: StatePending, Attempts: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunsPage lists the newest 50 of 1,000 runs, as the history
// screen does.
func BenchmarkRunsPage(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	saveRuns(b, db, 1000)
	for b.Loop() {
		runs, total, err := db.Runs(0, 50)
		if err != nil || len(runs) != 50 || total != 1000 {
			b.Fatalf("%d runs, total %d, err %v", len(runs), total, err)
		}
	}
}
