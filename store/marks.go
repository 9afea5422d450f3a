package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"
)

// Marks are small named values the engine keeps between runs (for example
// how far back the last sync looked), each stored as a versioned record.

type markRecord struct {
	V     int    `json:"v"`
	Value string `json:"value"`
}

// Mark returns the value saved under name; false when there is none.
func (db *DB) Mark(name string) (string, bool, error) {
	var raw []byte
	if err := db.view(func(tx *bolt.Tx) error {
		raw = bytesClone(tx.Bucket(bucketMarks).Get([]byte(name)))
		return nil
	}); err != nil || raw == nil {
		return "", false, err
	}
	var rec markRecord
	if err := db.decode("mark", raw, &rec); err != nil {
		return "", false, err
	}
	return rec.Value, true, nil
}

// SetMark saves value under name, committed when it returns.
func (db *DB) SetMark(name, value string) error {
	if name == "" {
		return errors.New("store: a mark needs a name")
	}
	raw, err := encodeRecord(markRecord{V: recordVersion, Value: value})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMarks).Put([]byte(name), raw)
	})
}
