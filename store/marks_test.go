package store

import (
	"path/filepath"
	"testing"
)

func TestMarksPersist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Mark("orders-cursor"); ok || err != nil {
		t.Fatalf("unset mark: ok=%v err=%v", ok, err)
	}
	if err := db.SetMark("orders-cursor", `{"covered":57}`); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMark("orders-cursor", `{"covered":58}`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, ok, err := db.Mark("orders-cursor"); !ok || err != nil || v != `{"covered":58}` {
		t.Fatalf("mark after reopen = %q ok=%v err=%v", v, ok, err)
	}
	if err := db.SetMark("", "x"); err == nil {
		t.Fatal("a nameless mark was accepted")
	}
}
