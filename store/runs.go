package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Run is one preview or sync as the history shows it. The JSON names are the
// command line's `history --json` and `sync --json` contract.
type Run struct {
	ID       string    `json:"run_id"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Trigger  string    `json:"trigger"` // "manual", "schedule", "cli", ...
	DryRun   bool      `json:"dry_run"`

	Created  int `json:"created"`
	Invoiced int `json:"invoiced"`
	Skipped  int `json:"skipped"`
	Already  int `json:"already"`
	Failed   int `json:"failed"`
	// Flagged counts the orders and invoices that need a look in e-računi by
	// hand (totals that would not match, refunds and cancellations after
	// the import).
	Flagged int `json:"flagged,omitempty"`

	Error string `json:"error,omitempty"` // run-level error (English), "" when none

	Orders []RunOrder `json:"orders,omitempty"` // filled only by DB.Run
}

// RunOrder is what one run did with one WHMCS order (or invoice).
type RunOrder struct {
	Kind           string `json:"kind"`
	ID             int64  `json:"whmcs_order_id"`
	OrderNum       string `json:"ordernum"`
	Date           string `json:"date"`
	Client         string `json:"client"`
	Amount         string `json:"amount"`
	Currency       string `json:"currency"`
	Action         string `json:"action"` // create, skip, already, fail
	Reason         string `json:"reason"`
	DocumentID     string `json:"document_id"`
	DocumentNumber string `json:"document_number"`
	InvoiceNumber  string `json:"invoice_number"`
	Error          string `json:"error"`
	// Flags are what needs a look in e-računi by hand; none for most.
	Flags []RunFlag `json:"flags,omitempty"`
	// Why is the message behind Error (or, without an error, Reason): its
	// key and values, so the app can show it in the user's language.
	// Reason and Error keep the English for scripts, CSV and older readers.
	Why *RunText `json:"why,omitempty"`
}

// RunText is a stored message: the key the UI translates and its values.
type RunText struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// RunFlag is one thing to check by hand: Kind is a stable word for
// scripts ("total_mismatch", "credit_note", "cancellation"), Text the
// explanation in English.
type RunFlag struct {
	Kind string   `json:"kind"`
	Text string   `json:"text"`
	Why  *RunText `json:"why,omitempty"`
}

type runRecord struct {
	V int `json:"v"`
	Run
}

type runOrdersRecord struct {
	V      int        `json:"v"`
	Orders []RunOrder `json:"orders"`
}

// NewRunID names a run by its start (UTC, to the second) plus 4 random hex
// digits, e.g. "2026-12-03T15:04:05Z-1a2b": readable, sortable by time, and
// distinct for runs started in the same second.
func NewRunID(t time.Time) string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return t.UTC().Format("2006-01-02T15:04:05Z") + "-" + hex.EncodeToString(b[:])
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// SaveRun inserts r, or replaces the run with the same ID (summary and
// orders). The first save fixes the run's place in the history, so a run
// saved when it starts and again when it ends stays where it began.
func (db *DB) SaveRun(r Run) error {
	if r.ID == "" {
		return errors.New("store: a run needs an ID (see NewRunID)")
	}
	orders := r.Orders
	r.Orders = nil
	summary, err := encodeRecord(runRecord{V: recordVersion, Run: r})
	if err != nil {
		return err
	}
	detail, err := encodeRecord(runOrdersRecord{V: recordVersion, Orders: orders})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		runs, ids := tx.Bucket(bucketRuns), tx.Bucket(bucketRunIDs)
		key := bytesClone(ids.Get([]byte(r.ID)))
		if key == nil {
			seq, err := runs.NextSequence()
			if err != nil {
				return err
			}
			key = seqKey(seq)
			if err := ids.Put([]byte(r.ID), key); err != nil {
				return err
			}
		}
		if err := runs.Put(key, summary); err != nil {
			return err
		}
		return tx.Bucket(bucketRunOrders).Put(key, detail)
	})
}

// Runs lists runs newest first, skipping offset and returning at most limit
// (limit <= 0: all), without their Orders; total is the number of runs
// stored.
func (db *DB) Runs(offset, limit int) ([]Run, int, error) {
	offset = max(offset, 0)
	var raws [][]byte
	var total int
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRuns)
		total = b.Stats().KeyN
		c := b.Cursor()
		skipped := 0
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			if skipped < offset {
				skipped++
				continue
			}
			if limit > 0 && len(raws) == limit {
				break
			}
			raws = append(raws, bytesClone(v))
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	runs := make([]Run, 0, len(raws))
	for _, raw := range raws {
		var rec runRecord
		if err := db.decode("run", raw, &rec); err != nil {
			return nil, 0, err
		}
		runs = append(runs, rec.Run)
	}
	return runs, total, nil
}

// Run returns one run with its Orders; *RunNotFoundError (errors.Is
// ErrRunNotFound) when the history does not hold it.
func (db *DB) Run(id string) (Run, error) {
	var summary, detail []byte
	if err := db.view(func(tx *bolt.Tx) error {
		key := tx.Bucket(bucketRunIDs).Get([]byte(id))
		if key == nil {
			return nil
		}
		summary = bytesClone(tx.Bucket(bucketRuns).Get(key))
		detail = bytesClone(tx.Bucket(bucketRunOrders).Get(key))
		return nil
	}); err != nil {
		return Run{}, err
	}
	if summary == nil {
		return Run{}, &RunNotFoundError{ID: id}
	}
	var rec runRecord
	if err := db.decode("run", summary, &rec); err != nil {
		return Run{}, err
	}
	if detail != nil {
		var orders runOrdersRecord
		if err := db.decode("run orders", detail, &orders); err != nil {
			return Run{}, err
		}
		rec.Orders = orders.Orders
	}
	return rec.Run, nil
}

// PruneRuns deletes the oldest runs so that at most keep remain, and says how
// many it deleted. keep <= 0 deletes nothing: a zero history limit must not
// wipe the history.
func (db *DB) PruneRuns(keep int) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	removed := 0
	err := db.update(func(tx *bolt.Tx) error {
		runs := tx.Bucket(bucketRuns)
		excess := runs.Stats().KeyN - keep
		if excess <= 0 {
			return nil
		}
		// Collect first: deleting while a cursor walks can skip keys.
		type victim struct{ key, id []byte }
		victims := make([]victim, 0, excess)
		c := runs.Cursor()
		for k, v := c.First(); k != nil && len(victims) < excess; k, v = c.Next() {
			var rec runRecord
			if err := db.decode("run", v, &rec); err != nil {
				return err
			}
			victims = append(victims, victim{bytesClone(k), []byte(rec.ID)})
		}
		orders, ids := tx.Bucket(bucketRunOrders), tx.Bucket(bucketRunIDs)
		for _, x := range victims {
			if err := runs.Delete(x.key); err != nil {
				return err
			}
			if err := orders.Delete(x.key); err != nil {
				return err
			}
			if err := ids.Delete(x.id); err != nil {
				return err
			}
		}
		removed = len(victims)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return removed, nil
}
