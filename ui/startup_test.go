package ui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"whmcs-eracuni/store"
)

// holds reports whether target is somewhere in o's tree of objects.
func holds(o fyne.CanvasObject, target fyne.CanvasObject) bool {
	if o == target {
		return true
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			if holds(child, target) {
				return true
			}
		}
	}
	return false
}

func TestDamagedDataFileIsExplainedAndMovedAsideOnRequest(t *testing.T) {
	t.Setenv("LC_ALL", "en_US.UTF-8")
	a := test.NewTempApp(t)
	useLanguage("en")
	dir := t.TempDir()
	garbage := []byte("this is not a data file but a shopping list: milk, bread\n")
	if err := os.WriteFile(filepath.Join(dir, store.FileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, openErr := store.Open(dir)
	var corrupt *store.CorruptError
	if !errors.As(openErr, &corrupt) {
		t.Fatalf("the store opened a shopping list: %v", openErr)
	}
	var opened *store.DB
	p := newStartupProblem(a, dir, openErr, func(db *store.DB) error { opened = db; return nil })
	if !strings.Contains(p.text.Text, "cannot be read") || !strings.Contains(p.text.Text, filepath.Join(dir, store.FileName)) {
		t.Errorf("the window does not say which file cannot be read: %q", p.text.Text)
	}
	if !strings.Contains(p.hint.Text, "never") && !strings.Contains(p.hint.Text, "keeps the file") {
		t.Errorf("the window does not say the file is kept: %q", p.hint.Text)
	}
	if !holds(p.win.Content(), p.moveB) {
		t.Fatal("no button offers to move the file aside")
	}
	test.Tap(p.moveB)
	if opened == nil || p.err != nil {
		t.Fatalf("moving aside did not continue into the app: %v (status %q)", p.err, p.status.Text)
	}
	defer opened.Close()
	moved, _ := filepath.Glob(filepath.Join(dir, store.FileName+".broken-*"))
	if len(moved) != 1 {
		t.Fatalf("moved copies: %v, want exactly one", moved)
	}
	if b, err := os.ReadFile(moved[0]); err != nil || !bytes.Equal(b, garbage) {
		t.Fatalf("the moved file is not the original: %q %v", b, err)
	}
	if !strings.Contains(p.status.Text, moved[0]) {
		t.Errorf("the window does not say where the file went: %q", p.status.Text)
	}
	if _, saved, err := opened.Settings(); err != nil || saved {
		t.Errorf("the new data file is not a fresh one: saved=%v err=%v", saved, err)
	}
}

// The app reached from the window is the real one: with a fresh data file
// it opens on the setup wizard.
func TestMovingAsideContinuesIntoTheSetup(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.FileName), []byte("GIF89a not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, openErr := store.Open(dir)
	var g *gui
	p := newStartupProblem(test.NewTempApp(t), dir, openErr, func(db *store.DB) error {
		t.Cleanup(func() { db.Close() })
		w.db = db
		g = w.open()
		return nil
	})
	test.Tap(p.moveB)
	if g == nil || g.wizard == nil {
		t.Fatalf("after moving the file aside the app did not open on the setup (err %v)", p.err)
	}
}

func TestNewerDataFileIsRefusedWithoutMovingIt(t *testing.T) {
	t.Setenv("LC_ALL", "en_US.UTF-8")
	a := test.NewTempApp(t)
	useLanguage("en")
	dir := t.TempDir()
	err := &store.NewerVersionError{Path: filepath.Join(dir, store.FileName), Schema: 7}
	p := newStartupProblem(a, dir, err, func(*store.DB) error { t.Fatal("continued past a newer data file"); return nil })
	if !strings.Contains(p.text.Text, "newer version") || !strings.Contains(p.text.Text, "schema 7") {
		t.Errorf("the window does not name the newer version: %q", p.text.Text)
	}
	if !strings.Contains(p.hint.Text, "untouched") {
		t.Errorf("the window does not say the file is left alone: %q", p.hint.Text)
	}
	if holds(p.win.Content(), p.moveB) {
		t.Error("a newer data file may be moved aside from the window")
	}
	if !holds(p.win.Content(), p.quitB) {
		t.Error("no way to quit")
	}
}
