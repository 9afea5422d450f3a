package cli_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
)

func (w *world) dataFile() string { return filepath.Join(w.dir, store.FileName) }

func brokenCopies(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, store.FileName+".broken-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A data file cut short (an interrupted copy, a full disk) is explained,
// kept as it is, and `repair` moves it aside and starts a new one. The new
// data folder then finds the orders already in e-računi instead of
// creating them again.
func TestTruncatedDataFileIsExplainedAndRepairKeepsIt(t *testing.T) {
	w := newWorld(t)
	w.configure()
	ids := w.eligibleOrders()
	if code, out := w.runFast(0, "sync"); code != 0 {
		t.Fatalf("first sync: exit %d\n%s", code, out)
	}
	whole, err := os.ReadFile(w.dataFile())
	if err != nil {
		t.Fatal(err)
	}
	// Keep the two header pages and a little more: bbolt preallocates, so
	// only a cut below the pages in use is a damaged file.
	cut := whole[:3*4096]
	if err := os.WriteFile(w.dataFile(), cut, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"sync"}, {"history"}, {"configure", "--warehouse", "01"}} {
		code, out, errs := w.run(args...)
		if code != cli.ExitConfig || !strings.Contains(errs, "cannot be read") || !strings.Contains(errs, "cut short") ||
			!strings.Contains(errs, "whmcs-eracuni repair") {
			t.Fatalf("%v on a truncated data file: exit %d\n%s%s", args, code, out, errs)
		}
	}
	if b, _ := os.ReadFile(w.dataFile()); !bytes.Equal(b, cut) || len(brokenCopies(t, w.dir)) != 0 {
		t.Fatal("the damaged file was changed or moved without being asked")
	}

	code, out, errs := w.run("repair")
	moved := brokenCopies(t, w.dir)
	if code != 0 || len(moved) != 1 || !strings.Contains(out, moved[0]) || !strings.Contains(out, "nothing was deleted") {
		t.Fatalf("repair: exit %d, moved %v\n%s%s", code, moved, out, errs)
	}
	if b, _ := os.ReadFile(moved[0]); !bytes.Equal(b, cut) {
		t.Fatal("the moved-aside file is not the damaged one")
	}
	if code, out, _ := w.run("repair"); code != 0 || !strings.Contains(out, "nothing to repair") {
		t.Fatalf("repair of a sound file: exit %d %s", code, out)
	}

	// Set up again (the secrets are still in the keyring) and sync: every
	// order is found in e-računi, nothing is created twice.
	code, out, errs = w.run("configure", "--whmcs-url", w.wsrv.URL, "--whmcs-identifier", "cli-id",
		"--eracuni-url", w.esrv.URL, "--eracuni-username", "micka", "--since", "2000-01-01")
	if code != 0 {
		t.Fatalf("configure after repair: exit %d\n%s%s", code, out, errs)
	}
	creates := w.esrv.Calls(eracuni.MethodSalesOrderCreate)
	code, out = w.runFast(0, "sync")
	if code != 0 || !strings.Contains(out, "0 created") || !strings.Contains(out, "3 already imported") {
		t.Fatalf("sync on the new data file: exit %d\n%s", code, out)
	}
	if n := w.esrv.Calls(eracuni.MethodSalesOrderCreate); n != creates {
		t.Fatalf("%d creates after the repair", n-creates)
	}
	w.assertEachOnce(ids)
}

// A file that is not a data file at all is refused the same way.
func TestForeignFileIsNotTakenForADataFile(t *testing.T) {
	w := newWorld(t)
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 20000))
	if err := os.MkdirAll(w.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.dataFile(), png, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := w.run("sync")
	if code != cli.ExitConfig || !strings.Contains(errs, "not a whmcs-eracuni data file") || !strings.Contains(errs, "repair") {
		t.Fatalf("sync on a PNG: exit %d %s", code, errs)
	}
	if code, _, _ := w.run("repair"); code != 0 || len(brokenCopies(t, w.dir)) != 1 {
		t.Fatalf("repair of a PNG: exit %d", code)
	}
}

// newerDataFile makes the data file look written by a later version: the
// schema number the store keeps is raised from 1 to 2 in place.
func (w *world) newerDataFile() {
	w.t.Helper()
	b, err := os.ReadFile(w.dataFile())
	if err != nil {
		w.t.Fatal(err)
	}
	if bytes.Count(b, []byte("schema1")) == 0 {
		w.t.Fatal("no schema number in the data file")
	}
	if err := os.WriteFile(w.dataFile(), bytes.ReplaceAll(b, []byte("schema1"), []byte("schema2")), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func TestDataFileFromANewerVersionIsRefusedAndLeftAlone(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.newerDataFile()
	before, _ := os.ReadFile(w.dataFile())
	for _, args := range [][]string{{"sync"}, {"preview"}, {"history"}, {"repair"}} {
		code, out, errs := w.run(args...)
		if code != cli.ExitConfig || !strings.Contains(errs, "newer version of whmcs-eracuni (schema 2)") ||
			!strings.Contains(errs, "left untouched") {
			t.Fatalf("%v on a newer data file: exit %d\n%s%s", args, code, out, errs)
		}
	}
	if after, _ := os.ReadFile(w.dataFile()); !bytes.Equal(before, after) || len(brokenCopies(t, w.dir)) != 0 {
		t.Fatal("the newer data file was changed or moved")
	}
}

// With no command the desktop app opens; when the data file cannot be
// opened, the app gets the reason (to explain it in a window) instead of
// the process ending with a message on a terminal nobody sees.
func TestTheDesktopAppIsToldWhyTheDataFileCannotBeOpened(t *testing.T) {
	w := newWorld(t)
	launch := func() (cli.GUIOptions, int, string) {
		var got cli.GUIOptions
		var errb bytes.Buffer
		env := cli.Env{Stdout: &errb, Stderr: &errb, Secrets: func() store.Secrets { return w.secrets },
			GUI: func(o cli.GUIOptions) error { got = o; return o.OpenError }}
		code := cli.Main([]string{"--data-dir", w.dir}, env)
		return got, code, errb.String()
	}
	got, code, out := launch()
	if got.DB == nil || got.OpenError != nil || code != 0 {
		t.Fatalf("a sound data folder: DB %v, error %v, exit %d %s", got.DB, got.OpenError, code, out)
	}

	if err := os.WriteFile(w.dataFile(), []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, code, out = launch()
	var corrupt *store.CorruptError
	if got.DB != nil || !errors.As(got.OpenError, &corrupt) || got.DataDir != w.dir {
		t.Fatalf("a damaged data file: DB %v, error %v", got.DB, got.OpenError)
	}
	if code != cli.ExitConfig || !strings.Contains(out, "repair") {
		t.Fatalf("quitting without moving it aside: exit %d %s", code, out)
	}

	os.Remove(w.dataFile())
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, code, _ = launch()
	if !errors.Is(got.OpenError, store.ErrLocked) || code != cli.ExitLocked {
		t.Fatalf("a data folder in use: error %v, exit %d", got.OpenError, code)
	}
}
