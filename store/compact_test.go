package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// withCompactAbove lowers the compaction threshold for one test.
func withCompactAbove(t *testing.T, n int64) {
	t.Helper()
	old := compactAbove
	compactAbove = n
	t.Cleanup(func() { compactAbove = old })
}

// bloat fills a data folder the way a long-lived installation does: a big
// ledger, many runs with many orders each, then the history pruned to a
// few runs, which leaves most of the file free. It returns the ids of the
// runs that remain.
func bloat(t testing.TB, dir string, runs, ordersPerRun, keep int) []string {
	t.Helper()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.bolt.NoSync = true // the figures, not the disk, are under test here
	s := DefaultSettings(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	s.WHMCSURL, s.Warehouse = "https://billing.example.si", "01"
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	var entries []Entry
	for i := range 2000 {
		entries = append(entries, Entry{Kind: KindOrder, ID: int64(i + 1), Number: fmt.Sprint(4726193850 + i),
			Date: "2026-11-01", State: StateDone, DocumentID: fmt.Sprintf("60:%d", 251861+i), DocumentNumber: fmt.Sprintf("2026-%05d", i+1)})
	}
	if err := db.PutEntries(entries); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMark("orders-cursor", `{"covered":2000}`); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 3, 15, 4, 5, 0, time.UTC)
	var ids []string
	for r := range runs {
		orders := make([]RunOrder, ordersPerRun)
		for i := range orders {
			orders[i] = RunOrder{Kind: KindOrder, ID: int64(i + 1), OrderNum: fmt.Sprint(4726193850 + i), Date: "2026-11-01",
				Client: "Šumi d.o.o.", Amount: "59.88", Currency: "EUR", Action: "already",
				Reason: "Already in e-računi as sales order 2026-00042", DocumentID: "60:251861", DocumentNumber: "2026-00042"}
		}
		id := fmt.Sprintf("%s-%04x", start.Add(time.Duration(r)*time.Minute).Format("2006-01-02T15:04:05Z"), r)
		if err := db.SaveRun(Run{ID: id, Started: start, Finished: start, Trigger: "cli", Already: ordersPerRun, Orders: orders}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := db.PruneRuns(keep); err != nil {
		t.Fatal(err)
	}
	return ids[len(ids)-keep:]
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestOpenCompactsABloatedFileAndKeepsEverything(t *testing.T) {
	withCompactAbove(t, 1<<20)
	dir := filepath.Join(t.TempDir(), "data")
	kept := bloat(t, dir, 60, 400, 3)
	path := filepath.Join(dir, FileName)
	before := fileSize(t, path)

	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep := db.LastCompaction()
	after := fileSize(t, path)
	t.Logf("compaction: %d bytes before, %d after", before, after)
	if !rep.Compacted || rep.Before != before || rep.After != after || after*2 > before {
		t.Fatalf("compaction %+v: file %d bytes before, %d after; want it at least halved", rep, before, after)
	}
	if _, err := os.Stat(path + compactSuffix); !os.IsNotExist(err) {
		t.Fatalf("the temporary copy is still there: %v", err)
	}

	s, saved, err := db.Settings()
	if err != nil || !saved || s.WHMCSURL != "https://billing.example.si" || s.Warehouse != "01" {
		t.Fatalf("settings after compaction: %+v saved=%v err=%v", s, saved, err)
	}
	n := 0
	if err := db.Entries(KindOrder, func(e Entry) bool {
		n++
		if e.DocumentID != fmt.Sprintf("60:%d", 251861+e.ID-1) || e.State != StateDone {
			t.Errorf("ledger entry %d after compaction: %+v", e.ID, e)
		}
		return true
	}); err != nil || n != 2000 {
		t.Fatalf("%d ledger entries after compaction (err %v), want 2000", n, err)
	}
	if v, ok, err := db.Mark("orders-cursor"); err != nil || !ok || v != `{"covered":2000}` {
		t.Fatalf("mark after compaction: %q %v %v", v, ok, err)
	}
	runs, total, err := db.Runs(0, 0)
	if err != nil || total != 3 || runIDs(runs)[0] != kept[2] {
		t.Fatalf("runs after compaction: %v total %d err %v, want %v newest first", runIDs(runs), total, err, kept)
	}
	if r, err := db.Run(kept[0]); err != nil || len(r.Orders) != 400 {
		t.Fatalf("a kept run lost its orders: %d, %v", len(r.Orders), err)
	}
	// The run sequence survived the copy: a new run is the newest, not
	// filed among the old ones.
	if err := db.SaveRun(Run{ID: "2027-01-01T00:00:00Z-0001", Trigger: "cli"}); err != nil {
		t.Fatal(err)
	}
	if runs, _, _ := db.Runs(0, 1); len(runs) != 1 || runs[0].ID != "2027-01-01T00:00:00Z-0001" {
		t.Fatalf("a run saved after compaction is not the newest: %v", runIDs(runs))
	}
	// The compacted file is the data file from now on: writes reach it and
	// it opens again without another compaction.
	if err := db.PutEntry(Entry{Kind: KindOrder, ID: 99999, State: StatePending}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if db2.LastCompaction().Compacted {
		t.Fatalf("a compact file was compacted again: %+v", db2.LastCompaction())
	}
	if e, ok, err := db2.Entry(KindOrder, 99999); err != nil || !ok || e.State != StatePending {
		t.Fatalf("a write after compaction was lost: %+v %v %v", e, ok, err)
	}
}

func TestSmallOrBusyFilesAreNotCompacted(t *testing.T) {
	// A file below the threshold is left alone however much of it is free.
	dir := filepath.Join(t.TempDir(), "data")
	bloat(t, dir, 20, 200, 1)
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if db.LastCompaction().Compacted {
		t.Fatalf("a %d-byte file was compacted under the default threshold", db.LastCompaction().Before)
	}
	db.Close()

	// A big file that is mostly in use is left alone too.
	withCompactAbove(t, 1<<20)
	dir = filepath.Join(t.TempDir(), "data")
	bloat(t, dir, 30, 400, 30)
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep := db.LastCompaction(); rep.Compacted || rep.Before < 1<<20 {
		t.Fatalf("a file in use was compacted (or the test file is too small): %+v", rep)
	}
}

// A compaction that cannot finish leaves the original in use, and a copy
// left behind by a crash is removed without touching the data.
func TestFailedOrInterruptedCompactionKeepsTheOriginal(t *testing.T) {
	withCompactAbove(t, 1<<20)
	dir := filepath.Join(t.TempDir(), "data")
	kept := bloat(t, dir, 40, 400, 2)
	path := filepath.Join(dir, FileName)
	before := fileSize(t, path)

	// The copy cannot be created: a folder stands where it would go.
	if err := os.Mkdir(path+compactSuffix, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path+compactSuffix, "x"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir)
	if err != nil {
		t.Fatalf("a failed compaction kept the app from starting: %v", err)
	}
	if db.LastCompaction().Compacted || fileSize(t, path) != before {
		t.Fatalf("compaction reported %+v with its copy impossible", db.LastCompaction())
	}
	if _, err := db.Run(kept[1]); err != nil {
		t.Fatalf("data lost after a failed compaction: %v", err)
	}
	db.Close()
	if err := os.RemoveAll(path + compactSuffix); err != nil {
		t.Fatal(err)
	}

	// A crash mid-copy leaves a partial copy; the original is untouched and
	// the next compaction replaces the leftover.
	if err := os.WriteFile(path+compactSuffix, []byte("half a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.LastCompaction().Compacted {
		t.Fatalf("the leftover copy stopped the compaction: %+v", db.LastCompaction())
	}
	if _, err := db.Run(kept[1]); err != nil {
		t.Fatalf("data lost: %v", err)
	}
	if _, err := os.Stat(path + compactSuffix); !os.IsNotExist(err) {
		t.Fatalf("the leftover copy is still there: %v", err)
	}
}
