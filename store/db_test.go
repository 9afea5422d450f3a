package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	db, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, dir
}

// rawBolt opens the data file directly, to plant what another version or
// another program might have written.
func rawBolt(t *testing.T, dir string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestOpenCreatesPrivateFolderAndFile(t *testing.T) {
	db, dir := openTemp(t)
	if db.Path() != filepath.Join(dir, FileName) {
		t.Fatalf("Path() = %q", db.Path())
	}
	if runtime.GOOS == "windows" {
		return // mode bits are not Unix permissions there
	}
	if fi, err := os.Stat(db.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("data file mode = %v (%v), want 0600: it names customers", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data folder mode = %v (%v), want 0700", fi.Mode().Perm(), err)
	}
}

func TestReopenKeepsSettingsLedgerAndRuns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	s.WHMCSURL = "https://billing.example.si/includes/api.php"
	s.SetupComplete = true
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := db.PutEntry(Entry{Kind: "order", ID: 57, State: StateDone, DocumentID: "60:251861", DocumentNumber: "2026-00042"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(Run{ID: "2026-12-03T15:04:05Z-1a2b", Created: 1, Orders: []RunOrder{{Kind: "order", ID: 57, Action: "create"}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	got, saved, err := db.Settings()
	if err != nil || !saved || got.WHMCSURL != s.WHMCSURL || !got.SetupComplete {
		t.Fatalf("settings after reopen: %+v saved=%v err=%v", got, saved, err)
	}
	e, ok, err := db.Entry("order", 57)
	if err != nil || !ok || e.State != StateDone || e.DocumentNumber != "2026-00042" {
		t.Fatalf("ledger after reopen: %+v ok=%v err=%v", e, ok, err)
	}
	r, err := db.Run("2026-12-03T15:04:05Z-1a2b")
	if err != nil || r.Created != 1 || len(r.Orders) != 1 {
		t.Fatalf("run after reopen: %+v err=%v", r, err)
	}
}

func TestSecondProcessGetsLockedErrorFast(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	child := startHelper(t, "hold", dir, "ready")

	start := time.Now()
	db, err := Open(dir)
	elapsed := time.Since(start)
	if err == nil {
		db.Close()
		t.Fatal("a second process opened a data folder that another one holds")
	}
	var locked *LockedError
	if !errors.As(err, &locked) || !errors.Is(err, ErrLocked) || locked.Dir != dir {
		t.Fatalf("err = %T %v, want *LockedError for %s", err, err, dir)
	}
	want := "whmcs-eracuni is already running with this data folder: " + dir + ". Close the other window"
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("message = %q, want it to start %q", err.Error(), want)
	}
	if elapsed > 10*time.Second {
		t.Fatalf("the second open waited %v; it must give up after about a second", elapsed)
	}

	_ = child.Process.Kill()
	_ = child.Wait()
	db, err = Open(dir)
	if err != nil {
		t.Fatalf("open after the other process ended: %v", err)
	}
	db.Close()
}

func TestPendingEntrySurvivesSIGKILL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	child := startHelper(t, "write-pending", dir, "written")
	if err := child.Process.Kill(); err != nil { // SIGKILL: no deferred code, no Close
		t.Fatal(err)
	}
	_ = child.Wait()

	db, err := Open(dir)
	if err != nil {
		t.Fatalf("open after the writer was killed: %v", err)
	}
	defer db.Close()
	e, ok, err := db.Entry("order", 4242)
	if err != nil || !ok {
		t.Fatalf("the pending entry is gone after a kill: ok=%v err=%v", ok, err)
	}
	if e.State != StatePending || e.Number != "9180274465" || e.Attempts != 1 {
		t.Fatalf("entry after kill = %+v", e)
	}
}

func TestZeroLengthFileStartsAsNew(t *testing.T) {
	// Another tool (touch, a backup restore) may leave an empty file; bbolt
	// initialises it, and the migration then sets it up like a new one.
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir)
	if err != nil {
		t.Fatalf("Open on a zero-length file: %v", err)
	}
	defer db.Close()
	if _, saved, err := db.Settings(); err != nil || saved {
		t.Fatalf("settings on a new file: saved=%v err=%v", saved, err)
	}
	if err := db.PutEntry(Entry{Kind: "order", ID: 1, State: StateSkipped}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode after open = %v, want 0600", fi.Mode().Perm())
	}
}

func TestMigrationFromEmptyRunsOnce(t *testing.T) {
	db, dir := openTemp(t)
	var schema string
	var buckets []string
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		schema = string(tx.Bucket(bucketMeta).Get(keySchema))
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error { buckets = append(buckets, string(name)); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if schema != "1" {
		t.Fatalf("schema = %q, want 1", schema)
	}
	if got := strings.Join(buckets, ","); got != "ledger,marks,meta,run_ids,run_orders,runs,settings" {
		t.Fatalf("buckets = %s", got)
	}
	if err := db.SaveSettings(DefaultSettings(time.Now())); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A current file is only read at open: not a byte changes.
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	db2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Fatal("reopening a current file rewrote it; the migration must run only once")
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	db, dir := openTemp(t)
	db.Close()
	rawBolt(t, dir, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("2")) })
	before, _ := os.ReadFile(filepath.Join(dir, FileName))

	_, err := Open(dir)
	var newer *NewerVersionError
	if !errors.As(err, &newer) || newer.Schema != 2 {
		t.Fatalf("err = %T %v, want *NewerVersionError{Schema: 2}", err, err)
	}
	want := "This data folder was written by a newer version of whmcs-eracuni (schema 2); install that version or newer."
	if err.Error() != want {
		t.Fatalf("message = %q", err.Error())
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Fatal("a refused newer file was modified")
	}
	// The lock must be released after the refusal.
	if _, err := Open(dir); !errors.As(err, &newer) {
		t.Fatalf("second try: %v", err)
	}
}

// realFile makes a data file with enough history to span many pages and
// returns its bytes and the size its header claims.
func realFile(t *testing.T) ([]byte, int64) {
	t.Helper()
	db, dir := openTemp(t)
	for i := range 300 {
		r := Run{ID: NewRunID(time.Unix(int64(i), 0)), Created: i}
		for j := range 20 {
			r.Orders = append(r.Orders, RunOrder{Kind: "order", ID: int64(j + 1), Client: "Podjetje d.o.o.", Action: "create"})
		}
		if err := db.SaveRun(r); err != nil {
			t.Fatal(err)
		}
	}
	var claimed int64
	_ = db.bolt.View(func(tx *bolt.Tx) error { claimed = tx.Size(); return nil })
	db.Close()
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return data, claimed
}

func TestUnreadableFilesGiveCorruptErrorAndMoveAsideKeepsThem(t *testing.T) {
	full, claimed := realFile(t)
	if claimed < 64<<10 {
		t.Fatalf("test file too small to truncate meaningfully: %d", claimed)
	}
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	fb, err := bolt.Open(foreign, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_ = fb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("sessions")); return err })
	fb.Close()
	foreignBytes, _ := os.ReadFile(foreign)

	cases := []struct {
		name string
		data []byte
	}{
		{"short text file", []byte("orders,total\n57,12.20\n")},
		{"long text file", bytes.Repeat([]byte("this is not a database\n"), 2000)},
		{"truncated copy of a real file", full[:claimed/2]},
		{"truncated inside the header", full[:5000]},
		{"another program's bbolt file", foreignBytes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(dir)
			if err == nil {
				db.Close()
				t.Fatal("Open accepted an unreadable file")
			}
			var corrupt *CorruptError
			if !errors.As(err, &corrupt) || corrupt.Path != path {
				t.Fatalf("err = %T %v, want *CorruptError for %s", err, err, path)
			}
			for _, part := range []string{"cannot be read", "kept", "whmcs-eracuni.db.broken-", "nothing is deleted"} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("message lacks %q: %s", part, err)
				}
			}

			moved, err := MoveAside(dir)
			if err != nil {
				t.Fatalf("MoveAside: %v", err)
			}
			if filepath.Dir(moved) != dir || !strings.HasPrefix(filepath.Base(moved), FileName+".broken-") {
				t.Fatalf("moved to %s", moved)
			}
			if kept, err := os.ReadFile(moved); err != nil || !bytes.Equal(kept, c.data) {
				t.Fatalf("the moved file lost bytes (err %v)", err)
			}
			db, err = Open(dir)
			if err != nil {
				t.Fatalf("Open after MoveAside: %v", err)
			}
			defer db.Close()
			if _, saved, err := db.Settings(); err != nil || saved {
				t.Fatalf("fresh file: saved=%v err=%v", saved, err)
			}
		})
	}
}

func TestMoveAsideNeverOverwritesAnEarlierCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	var moved []string
	for _, content := range []string{"first", "second"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := MoveAside(dir)
		if err != nil {
			t.Fatal(err)
		}
		moved = append(moved, m)
	}
	if moved[0] == moved[1] {
		t.Fatalf("both moves used %s", moved[0])
	}
	for i, want := range []string{"first", "second"} {
		if got, _ := os.ReadFile(moved[i]); string(got) != want {
			t.Fatalf("%s holds %q, want %q", moved[i], got, want)
		}
	}
}

func TestMoveAsideRefusesAFileInUse(t *testing.T) {
	db, dir := openTemp(t)
	_, err := MoveAside(dir)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("MoveAside of an open file: %v, want *LockedError", err)
	}
	if _, err := os.Stat(db.Path()); err != nil {
		t.Fatalf("the file in use was moved: %v", err)
	}
}
