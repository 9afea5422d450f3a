package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// State is where one WHMCS order (or invoice) stands in the sync.
type State string

const (
	StatePending State = "pending" // about to be sent, or sent without a known outcome
	StateDone    State = "done"
	StateFailed  State = "failed"
	StateSkipped State = "skipped"
)

// Kinds of ledger entries.
const (
	KindOrder   = "order"
	KindInvoice = "invoice"
)

// Entry is the ledger's memory of one WHMCS order (Kind "order") or invoice
// (Kind "invoice"): what was made from it in e-računi.
type Entry struct {
	Kind   string `json:"kind"`
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Date   string `json:"date"` // YYYY-MM-DD as WHMCS reports it

	State  State  `json:"state"`
	Reason string `json:"reason"` // skip reason key (for skipped)

	DocumentID     string `json:"document_id"` // e-računi sales order (or invoice, for Kind "invoice")
	DocumentNumber string `json:"document_number"`

	InvoiceState          State  `json:"invoice_state"` // invoice made from the sales order
	InvoiceDocumentID     string `json:"invoice_document_id"`
	InvoiceDocumentNumber string `json:"invoice_document_number"`

	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`

	// WHMCSInvoiceID is, on an order, the WHMCS invoice made at checkout (0
	// for none); WHMCSOrderID is, on an invoice, the order it belongs to.
	// Together they keep an order's invoice from being imported again as
	// an invoice of its own.
	WHMCSInvoiceID int64 `json:"whmcs_invoice_id,omitempty"`
	WHMCSOrderID   int64 `json:"whmcs_order_id,omitempty"`
	// Flag is what a person was told to do by hand in e-računi after the
	// import (a credit note for a refund, a cancellation), so it is said once.
	Flag string `json:"flag,omitempty"`
	// DocumentType is, on an invoice, what it was imported as:
	// "sales_invoice" or "sales_order" ("" on orders: always a sales order).
	DocumentType string `json:"document_type,omitempty"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

type entryRecord struct {
	V int `json:"v"`
	Entry
}

// ledgerKey sorts by kind, then numerically by id: the id is fixed-width
// big-endian.
func ledgerKey(kind string, id int64) []byte {
	k := make([]byte, 0, len(kind)+1+8)
	k = append(k, kind...)
	k = append(k, '/')
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

func checkEntryKey(kind string, id int64) error {
	if kind == "" || strings.Contains(kind, "/") {
		return fmt.Errorf("store: ledger kind %q must be a non-empty word without '/'", kind)
	}
	if id <= 0 {
		return fmt.Errorf("store: ledger id %d for kind %q must be positive", id, kind)
	}
	return nil
}

// Entry returns the ledger entry for kind and id; false when there is none.
func (db *DB) Entry(kind string, id int64) (Entry, bool, error) {
	if err := checkEntryKey(kind, id); err != nil {
		return Entry{}, false, err
	}
	var raw []byte
	if err := db.view(func(tx *bolt.Tx) error {
		raw = bytesClone(tx.Bucket(bucketLedger).Get(ledgerKey(kind, id)))
		return nil
	}); err != nil || raw == nil {
		return Entry{}, false, err
	}
	var rec entryRecord
	if err := db.decode("ledger entry", raw, &rec); err != nil {
		return Entry{}, false, err
	}
	return rec.Entry, true, nil
}

// PutEntry writes e, keeping the Created time of an existing entry (or
// stamping db.Now() on the first write) and stamping Updated. It returns
// only after the write is committed and fsynced, so a pending mark written
// before a create call survives a crash.
func (db *DB) PutEntry(e Entry) error { return db.PutEntries([]Entry{e}) }

// PutEntries writes all entries in one transaction (all or none), stamped as
// PutEntry does.
func (db *DB) PutEntries(es []Entry) error {
	for _, e := range es {
		if err := checkEntryKey(e.Kind, e.ID); err != nil {
			return err
		}
	}
	now := db.Now().UTC()
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLedger)
		for _, e := range es {
			key := ledgerKey(e.Kind, e.ID)
			e.Created = now
			if old := b.Get(key); old != nil {
				var prev entryRecord
				if err := db.decode("ledger entry", old, &prev); err != nil {
					return err
				}
				e.Created = prev.Created
			}
			e.Updated = now
			raw, err := encodeRecord(entryRecord{V: recordVersion, Entry: e})
			if err != nil {
				return err
			}
			if err := b.Put(key, raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// Entries calls fn for every entry of kind in ascending id order until fn
// returns false. The entries are read first and fn runs outside the read
// transaction, so fn may write to the store.
func (db *DB) Entries(kind string, fn func(Entry) bool) error {
	var raws [][]byte
	if err := db.scanLedger(kind, func(v []byte) { raws = append(raws, bytesClone(v)) }); err != nil {
		return err
	}
	for _, raw := range raws {
		var rec entryRecord
		if err := db.decode("ledger entry", raw, &rec); err != nil {
			return err
		}
		if !fn(rec.Entry) {
			return nil
		}
	}
	return nil
}

// CountEntries counts the entries of kind by state.
func (db *DB) CountEntries(kind string) (map[State]int, error) {
	counts := map[State]int{}
	var decodeErr error
	err := db.scanLedger(kind, func(v []byte) {
		var rec struct {
			V     int   `json:"v"`
			State State `json:"state"`
		}
		if err := db.decode("ledger entry", v, &rec); err != nil && decodeErr == nil {
			decodeErr = err
		}
		counts[rec.State]++
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// scanLedger hands each raw value of kind to fn inside a read transaction;
// fn must copy what it keeps.
func (db *DB) scanLedger(kind string, fn func(v []byte)) error {
	if kind == "" || strings.Contains(kind, "/") {
		return checkEntryKey(kind, 1)
	}
	prefix := append([]byte(kind), '/')
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketLedger).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) == len(prefix)+8 {
				fn(v)
			}
		}
		return nil
	})
}
