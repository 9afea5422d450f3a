package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewRunID(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	at := time.Date(2026, 12, 3, 16, 4, 5, 999_000_000, cet)
	re := regexp.MustCompile(`^2026-12-03T15:04:05Z-[0-9a-f]{4}$`)
	seen := map[string]bool{}
	for range 20 {
		id := NewRunID(at)
		if !re.MatchString(id) {
			t.Fatalf("NewRunID = %q, want UTC to the second plus 4 hex digits", id)
		}
		seen[id] = true
	}
	if len(seen) < 2 {
		t.Fatal("20 ids in one second were all equal")
	}
}

// saveRuns stores n runs started in the same second, oldest first, so only
// the insertion order can tell them apart.
func saveRuns(t testing.TB, db *DB, n int) []string {
	t.Helper()
	start := time.Date(2026, 12, 3, 15, 4, 5, 0, time.UTC)
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("%s-%04x", start.Format("2006-01-02T15:04:05Z"), 0xffff-i) // ids sort opposite to insertion
		if err := db.SaveRun(Run{ID: ids[i], Started: start, Finished: start, Trigger: "manual", Created: i,
			Orders: []RunOrder{{Kind: "order", ID: int64(i + 1), Action: "create"}}}); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func runIDs(rs []Run) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestRunsPageNewestFirst(t *testing.T) {
	db, _ := openTemp(t)
	ids := saveRuns(t, db, 7) // oldest ids[0] ... newest ids[6]

	page, total, err := db.Runs(0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total != 7 || !reflect.DeepEqual(runIDs(page), []string{ids[6], ids[5], ids[4]}) {
		t.Fatalf("first page %v total %d", runIDs(page), total)
	}
	for _, r := range page {
		if r.Orders != nil {
			t.Fatal("listing loaded orders")
		}
	}
	page, total, _ = db.Runs(3, 3)
	if total != 7 || !reflect.DeepEqual(runIDs(page), []string{ids[3], ids[2], ids[1]}) {
		t.Fatalf("second page %v", runIDs(page))
	}
	page, _, _ = db.Runs(6, 3)
	if !reflect.DeepEqual(runIDs(page), []string{ids[0]}) {
		t.Fatalf("last page %v", runIDs(page))
	}
	page, total, _ = db.Runs(10, 3)
	if len(page) != 0 || total != 7 {
		t.Fatalf("past the end: %v total %d", runIDs(page), total)
	}
	page, _, _ = db.Runs(0, 0)
	if len(page) != 7 {
		t.Fatalf("limit 0 should list all, got %d", len(page))
	}
}

func TestSaveRunUpsertsInPlace(t *testing.T) {
	db, _ := openTemp(t)
	ids := saveRuns(t, db, 3)
	// The engine saves a run when it starts and again when it ends.
	finished := time.Date(2026, 12, 3, 15, 6, 0, 0, time.UTC)
	update := Run{ID: ids[0], Finished: finished, Created: 40, Failed: 1, Error: "connection lost",
		Orders: []RunOrder{{Kind: "order", ID: 9, Action: "fail", Error: "timeout"}}}
	if err := db.SaveRun(update); err != nil {
		t.Fatal(err)
	}
	page, total, _ := db.Runs(0, 10)
	if total != 3 || !reflect.DeepEqual(runIDs(page), []string{ids[2], ids[1], ids[0]}) {
		t.Fatalf("after upsert: %v total %d", runIDs(page), total)
	}
	got, err := db.Run(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Created != 40 || got.Error != "connection lost" || !got.Finished.Equal(finished) ||
		len(got.Orders) != 1 || got.Orders[0].Error != "timeout" {
		t.Fatalf("run after upsert = %+v", got)
	}
}

func TestRunWithOrdersAndNotFound(t *testing.T) {
	db, _ := openTemp(t)
	started := time.Date(2026, 12, 3, 15, 4, 5, 0, time.UTC)
	in := Run{ID: NewRunID(started), Started: started, Finished: started.Add(time.Minute), Trigger: "schedule",
		Created: 1, Skipped: 1, Orders: []RunOrder{
			{Kind: "order", ID: 57, OrderNum: "4726193850", Date: "2026-12-01", Client: "Podjetje d.o.o.", Amount: "12.20",
				Currency: "EUR", Action: "create", DocumentID: "60:251861", DocumentNumber: "2026-00042", InvoiceNumber: "2026-R-1"},
			{Kind: "order", ID: 56, OrderNum: "9180274465", Action: "skip", Reason: "not paid yet"},
		}}
	if err := db.SaveRun(in); err != nil {
		t.Fatal(err)
	}
	got, err := db.Run(in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Started.Equal(in.Started) || !got.Finished.Equal(in.Finished) {
		t.Fatalf("times %v %v", got.Started, got.Finished)
	}
	got.Started, got.Finished, in.Started, in.Finished = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("got  %+v\nwant %+v", got, in)
	}

	_, err = db.Run("2020-01-01T00:00:00Z-0000")
	var nf *RunNotFoundError
	if !errors.Is(err, ErrRunNotFound) || !errors.As(err, &nf) || !strings.Contains(err.Error(), "2020-01-01T00:00:00Z-0000") {
		t.Fatalf("missing run: %v", err)
	}
}

func TestRunJSONMatchesCLIContract(t *testing.T) {
	r := Run{ID: "2026-12-03T15:04:05Z-1a2b", Created: 12, Invoiced: 4, Skipped: 30, Already: 101, Failed: 1,
		Orders: []RunOrder{{ID: 57, OrderNum: "4726193850", Action: "create", DocumentID: "60:251861", DocumentNumber: "2026-00042"}}}
	raw, _ := json.Marshal(r)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	for _, k := range []string{"run_id", "started", "finished", "trigger", "dry_run", "created", "invoiced", "skipped", "already", "failed", "orders"} {
		if _, ok := m[k]; !ok {
			t.Errorf("run JSON lacks %q: %s", k, raw)
		}
	}
	o := m["orders"].([]any)[0].(map[string]any)
	for _, k := range []string{"whmcs_order_id", "ordernum", "action", "reason", "document_id", "document_number", "error"} {
		if _, ok := o[k]; !ok {
			t.Errorf("order JSON lacks %q", k)
		}
	}
	if o["whmcs_order_id"] != float64(57) || o["ordernum"] != "4726193850" {
		t.Errorf("order JSON values: %v", o)
	}
}

func TestPruneRunsKeepsNewest(t *testing.T) {
	db, _ := openTemp(t)
	ids := saveRuns(t, db, 10)

	removed, err := db.PruneRuns(4)
	if err != nil || removed != 6 {
		t.Fatalf("removed %d err %v, want 6", removed, err)
	}
	page, total, _ := db.Runs(0, 0)
	if total != 4 || !reflect.DeepEqual(runIDs(page), []string{ids[9], ids[8], ids[7], ids[6]}) {
		t.Fatalf("after prune: %v total %d", runIDs(page), total)
	}
	for _, id := range ids[:6] {
		if _, err := db.Run(id); !errors.Is(err, ErrRunNotFound) {
			t.Fatalf("pruned run %s still found: %v", id, err)
		}
	}
	// A pruned id saved again is a new run at the top, with its own orders.
	if err := db.SaveRun(Run{ID: ids[0], Created: 99}); err != nil {
		t.Fatal(err)
	}
	page, _, _ = db.Runs(0, 1)
	if page[0].ID != ids[0] || page[0].Created != 99 {
		t.Fatalf("newest after re-save = %+v", page[0])
	}
	if r, _ := db.Run(ids[0]); len(r.Orders) != 0 {
		t.Fatalf("re-saved run inherited pruned orders: %+v", r.Orders)
	}

	if removed, _ := db.PruneRuns(10); removed != 0 {
		t.Fatalf("prune under the limit removed %d", removed)
	}
	if removed, _ := db.PruneRuns(0); removed != 0 {
		t.Fatalf("PruneRuns(0) removed %d; a zero limit must keep the history", removed)
	}
	if _, total, _ := db.Runs(0, 0); total != 5 {
		t.Fatalf("total %d, want 5", total)
	}
}
