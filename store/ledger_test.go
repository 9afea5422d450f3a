package store

import (
	"reflect"
	"testing"
	"time"
)

// stepClock returns t0, t0+1m, t0+2m, ... on successive calls.
func stepClock(t0 time.Time) func() time.Time {
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n-1) * time.Minute) }
}

func TestPutEntryStampsCreatedOnceAndUpdatedAlways(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	db.Now = stepClock(t0)

	if err := db.PutEntry(Entry{Kind: "order", ID: 57, State: StatePending, Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	// The caller's own timestamps do not matter: the ledger keeps its own.
	if err := db.PutEntry(Entry{Kind: "order", ID: 57, State: StateDone, Attempts: 1, DocumentID: "60:1", Created: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	e, ok, err := db.Entry("order", 57)
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if !e.Created.Equal(t0) || !e.Updated.Equal(t0.Add(time.Minute)) {
		t.Fatalf("created %v updated %v, want %v and a minute later", e.Created, e.Updated, t0)
	}
	if e.State != StateDone || e.DocumentID != "60:1" {
		t.Fatalf("entry = %+v", e)
	}
	if _, ok, err := db.Entry("order", 58); ok || err != nil {
		t.Fatalf("missing entry: ok=%v err=%v", ok, err)
	}
}

func TestEntryRoundTripsEveryField(t *testing.T) {
	db, _ := openTemp(t)
	db.Now = func() time.Time { return time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC) }
	in := Entry{Kind: "invoice", ID: 1001, Number: "INV-1001", Date: "2026-11-30", State: StateFailed, Reason: "skip.unpaid",
		DocumentID: "60:9", DocumentNumber: "2026-00009", InvoiceState: StateDone, InvoiceDocumentID: "61:3",
		InvoiceDocumentNumber: "2026-R-3", Attempts: 3, LastError: "e-računi rejected the document"}
	if err := db.PutEntry(in); err != nil {
		t.Fatal(err)
	}
	got, _, err := db.Entry("invoice", 1001)
	if err != nil {
		t.Fatal(err)
	}
	in.Created, in.Updated = db.Now(), db.Now()
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("got  %+v\nwant %+v", got, in)
	}
}

func TestPutEntriesIsAllOrNothing(t *testing.T) {
	db, _ := openTemp(t)
	err := db.PutEntries([]Entry{{Kind: "order", ID: 1, State: StateDone}, {Kind: "order", ID: 0, State: StateDone}})
	if err == nil {
		t.Fatal("an entry without an id was accepted")
	}
	if _, ok, _ := db.Entry("order", 1); ok {
		t.Fatal("part of a refused batch was written")
	}
	if err := db.PutEntries([]Entry{{Kind: "order", ID: 1}, {Kind: "order", ID: 2}, {Kind: "invoice", ID: 1}}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		kind string
		id   int64
	}{{"order", 1}, {"order", 2}, {"invoice", 1}} {
		if _, ok, _ := db.Entry(k.kind, k.id); !ok {
			t.Fatalf("%s %d missing", k.kind, k.id)
		}
	}
}

func TestEntriesAscendingByNumericIDPerKind(t *testing.T) {
	db, _ := openTemp(t)
	ids := []int64{300, 2, 1 << 40, 10, 256, 1}
	for _, id := range ids {
		if err := db.PutEntry(Entry{Kind: "order", ID: id, State: StateDone}); err != nil {
			t.Fatal(err)
		}
	}
	// Other kinds, including one that shares a prefix, stay out.
	for _, kind := range []string{"invoice", "orders", "orde"} {
		if err := db.PutEntry(Entry{Kind: kind, ID: 5}); err != nil {
			t.Fatal(err)
		}
	}
	var got []int64
	if err := db.Entries("order", func(e Entry) bool { got = append(got, e.ID); return true }); err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 2, 10, 256, 300, 1 << 40}; !reflect.DeepEqual(got, want) {
		t.Fatalf("order ids %v, want %v", got, want)
	}

	got = nil
	_ = db.Entries("order", func(e Entry) bool { got = append(got, e.ID); return len(got) < 3 })
	if want := []int64{1, 2, 10}; !reflect.DeepEqual(got, want) {
		t.Fatalf("stopping after 3 gave %v", got)
	}
}

func TestEntriesCallbackMayWrite(t *testing.T) {
	// The engine retries failed entries from inside the iteration; a read
	// transaction held across fn would deadlock bbolt here.
	db, _ := openTemp(t)
	for id := int64(1); id <= 3; id++ {
		if err := db.PutEntry(Entry{Kind: "order", ID: id, State: StateFailed}); err != nil {
			t.Fatal(err)
		}
	}
	err := db.Entries("order", func(e Entry) bool {
		e.State = StateDone
		if err := db.PutEntry(e); err != nil {
			t.Errorf("write from callback: %v", err)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := db.CountEntries("order")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(counts, map[State]int{StateDone: 3}) {
		t.Fatalf("counts = %v", counts)
	}
}

func TestCountEntries(t *testing.T) {
	db, _ := openTemp(t)
	states := []State{StateDone, StateDone, StatePending, StateFailed, StateSkipped, StateSkipped, StateSkipped}
	var es []Entry
	for i, s := range states {
		es = append(es, Entry{Kind: "order", ID: int64(i + 1), State: s})
	}
	es = append(es, Entry{Kind: "invoice", ID: 1, State: StateFailed})
	if err := db.PutEntries(es); err != nil {
		t.Fatal(err)
	}
	counts, err := db.CountEntries("order")
	if err != nil {
		t.Fatal(err)
	}
	want := map[State]int{StateDone: 2, StatePending: 1, StateFailed: 1, StateSkipped: 3}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("counts = %v, want %v", counts, want)
	}
	if counts, _ := db.CountEntries("invoice"); counts[StateFailed] != 1 || len(counts) != 1 {
		t.Fatalf("invoice counts = %v", counts)
	}
}

func TestLedgerRejectsBadKeys(t *testing.T) {
	db, _ := openTemp(t)
	for _, e := range []Entry{{Kind: "", ID: 1}, {Kind: "a/b", ID: 1}, {Kind: "order", ID: -5}} {
		if err := db.PutEntry(e); err == nil {
			t.Errorf("PutEntry(%q, %d) accepted", e.Kind, e.ID)
		}
	}
}
