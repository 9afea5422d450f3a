package store

import (
	"fmt"
	"runtime/debug"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// The file's layout. Keys and the values that are not records:
//
//	meta        "schema" -> schema version as decimal ASCII ("1")
//	settings    "settings" -> record (Settings)
//	ledger      kind + "/" + 8-byte big-endian id -> record (Entry)
//	runs        8-byte big-endian sequence -> record (Run without Orders)
//	run_orders  same sequence -> record ({"v":1,"orders":[...]})
//	run_ids     run id -> 8-byte big-endian sequence
//	marks       name -> record ({"v":1,"value":"..."}), the engine's own state
//
// Records are versioned JSON; see record.go.
var (
	bucketMeta      = []byte("meta")
	bucketSettings  = []byte("settings")
	bucketLedger    = []byte("ledger")
	bucketRuns      = []byte("runs")
	bucketRunOrders = []byte("run_orders")
	bucketRunIDs    = []byte("run_ids")
	bucketMarks     = []byte("marks")

	keySchema = []byte("schema")
)

// schemaVersion is the layout this build reads and writes.
const schemaVersion = 1

// migrations[i] upgrades a file from schema i to i+1, inside the one write
// transaction that also records the new version. Schema 0 is a new (or
// zero-length) file.
var migrations = []func(tx *bolt.Tx) error{
	0: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSettings, bucketLedger, bucketRuns, bucketRunOrders, bucketRunIDs, bucketMarks} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	},
}

// buckets that a file of the current schema must hold.
var currentBuckets = [][]byte{bucketMeta, bucketSettings, bucketLedger, bucketRuns, bucketRunOrders, bucketRunIDs, bucketMarks}

// migrate brings the file to schemaVersion. A file that is already current is
// only read, so opening it writes nothing.
func (db *DB) migrate() (err error) {
	// A damaged page makes bbolt panic while walking buckets; report the
	// file as corrupt instead of crashing. Only the open path is guarded:
	// later panics are more likely our bugs and should stay loud.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: db.path, Reason: panicError{r}.Error()}
		}
	}()

	var version int
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		version, err = db.readSchema(tx)
		return err
	}); err != nil {
		return err
	}
	switch {
	case version > schemaVersion:
		return &NewerVersionError{Path: db.path, Schema: version}
	case version == schemaVersion:
		return db.bolt.View(func(tx *bolt.Tx) error {
			for _, name := range currentBuckets {
				if tx.Bucket(name) == nil {
					return &CorruptError{Path: db.path, Reason: fmt.Sprintf("the %q section is missing", name)}
				}
			}
			return nil
		})
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		for v := version; v < schemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("upgrading the data file from schema %d: %w", v, err)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
	})
	if err != nil {
		if _, ok := err.(*CorruptError); ok {
			return err
		}
		return &FileError{Path: db.path, Action: "upgrade", Err: err}
	}
	return nil
}

// readSchema returns 0 for a new file. A bbolt file with buckets but no
// schema is some other program's database: refuse it rather than mix ours in.
func (db *DB) readSchema(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		foreign := false
		_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error { foreign = true; return nil })
		if foreign {
			return 0, &CorruptError{Path: db.path, Reason: "it is a database of some other program"}
		}
		return 0, nil
	}
	raw := meta.Get(keySchema)
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, &CorruptError{Path: db.path, Reason: fmt.Sprintf("its schema version %q is not a number", raw)}
	}
	return v, nil
}
