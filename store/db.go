// Package store keeps everything the app remembers between runs in one bbolt
// file (settings, the sync ledger and the run history) and the secrets in the
// OS keyring. It is the only package that imports bbolt; no bbolt type leaves
// it.
//
// Every write is one bbolt Update, which is committed and fsynced before the
// method returns, so a ledger entry written as pending survives a crash of the
// process. Nothing in this package talks to the network, so no transaction
// ever waits on one.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"whmcs-eracuni/sync/message"
)

// FileName is the name of the data file inside the data folder.
const FileName = "whmcs-eracuni.db"

// lockTimeout bounds the wait for the file lock: without it bbolt waits
// forever when another instance holds the file.
const lockTimeout = time.Second

// DB is the open data file. Open it once per process and share it: a second
// Open of the same file, even in the same process, fails with *LockedError.
type DB struct {
	bolt *bolt.DB
	path string

	compaction CompactReport

	// Now stamps ledger entries (Created, Updated). Tests replace it.
	Now func() time.Time
}

// Open creates dir (0700) if needed and opens dir/whmcs-eracuni.db (0600),
// creating and migrating it as needed. Errors: *LockedError (another process
// holds the file), *CorruptError (not a readable data file; see MoveAside),
// *NewerVersionError, *FileError.
func Open(dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &FileError{Path: dir, Action: "create the folder for", Err: err}
	}
	path := filepath.Join(dir, FileName)

	if err := precheck(dir, path); err != nil {
		return nil, err
	}

	bdb, err := openCurrent(path)
	if err != nil {
		return nil, classifyOpenError(dir, path, err)
	}
	// A file created by another tool (for example `touch`) keeps its mode;
	// the ledger names customers, so narrow it. Best effort: on Windows the
	// mode bits mean little and a failure here must not keep the app closed.
	_ = os.Chmod(path, 0o600)

	db := &DB{bolt: bdb, path: path, Now: time.Now}
	if err := db.migrate(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if size, worth := worthCompacting(db.bolt, path); worth {
		compacted, rep, err := compact(db.bolt, path)
		if compacted == nil {
			return nil, &FileError{Path: path, Action: "reopen after compacting", Err: err}
		}
		db.bolt, db.compaction = compacted, rep
	} else {
		db.compaction = CompactReport{Before: size, After: size}
		// A copy left by a compaction that crashed; only the lock holder
		// compacts, so it is nobody's work in progress.
		_ = os.Remove(path + compactSuffix)
	}
	return db, nil
}

// openCurrent opens and locks the data file, and makes sure the file it
// locked is still the one at path: while it waited for the lock, the holder
// may have replaced the file (a compaction) or moved it aside, and a
// process writing to a file nobody opens again would lose its work.
func openCurrent(path string) (*bolt.DB, error) {
	for attempt := 1; ; attempt++ {
		before, statErr := os.Stat(path)
		bdb, err := guardedOpen(path, &bolt.Options{Timeout: lockTimeout})
		if err != nil || statErr != nil || attempt == 3 {
			return bdb, err
		}
		after, err := os.Stat(path)
		if err == nil && os.SameFile(before, after) {
			return bdb, nil
		}
		_ = bdb.Close()
	}
}

// Close releases the file lock.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the full path of the data file.
func (db *DB) Path() string { return db.path }

// update runs fn in one write transaction, committed and fsynced when it
// returns. Errors from bbolt itself (disk full, I/O) become *FileError.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	return db.explain("write to", db.bolt.Update(fn))
}

// view runs fn in a read transaction. fn must not call back into code that
// may write: bbolt deadlocks when a goroutine holding a read transaction
// waits for a write one.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	return db.explain("read", db.bolt.View(fn))
}

func (db *DB) explain(action string, err error) error {
	var ex message.Explainer
	if err == nil || errors.As(err, &ex) {
		return err
	}
	return &FileError{Path: db.path, Action: action, Err: err}
}

// precheck opens an existing file read-only and compares the size its
// header claims with the size on disk. bbolt panics (or faults on the
// memory map) when it opens a truncated copy for writing, and a fault would
// leave the file descriptor and its lock behind; the read-only open touches
// only the two header pages, so a truncated file is refused cleanly here.
func precheck(dir, path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &FileError{Path: path, Action: "open", Err: err}
	}
	if info.IsDir() {
		return &CorruptError{Path: path, Reason: "it is a folder, not a file"}
	}
	if info.Size() == 0 {
		return nil // bbolt initialises an empty file like a new one
	}
	bdb, err := guardedOpen(path, &bolt.Options{Timeout: lockTimeout, ReadOnly: true})
	if err != nil {
		return classifyOpenError(dir, path, err)
	}
	defer bdb.Close()
	var claimed int64
	if err := bdb.View(func(tx *bolt.Tx) error { claimed = tx.Size(); return nil }); err != nil {
		return &CorruptError{Path: path, Reason: err.Error(), Err: err}
	}
	if claimed > info.Size() {
		return &CorruptError{Path: path, Reason: fmt.Sprintf(
			"the file is %d bytes but its header describes %d bytes; it was cut short, probably by an interrupted copy",
			info.Size(), claimed)}
	}
	return nil
}

// guardedOpen turns a panic or memory fault inside bolt.Open (a damaged file)
// into an error instead of a crash.
func guardedOpen(path string, opts *bolt.Options) (bdb *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			bdb, err = nil, panicError{r}
		}
	}()
	return bolt.Open(path, 0o600, opts)
}

type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprint("damaged data: ", p.v) }

func classifyOpenError(dir, path string, err error) error {
	var pathErr *fs.PathError
	var errno syscall.Errno
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &LockedError{Dir: dir}
	case errors.As(err, &pathErr), errors.As(err, &errno):
		return &FileError{Path: path, Action: "open", Err: err}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return &CorruptError{Path: path, Reason: "it is not a whmcs-eracuni data file, or its header is damaged", Err: err}
	case strings.HasPrefix(err.Error(), "file size too small"):
		return &CorruptError{Path: path, Reason: "the file is too short to be a data file", Err: err}
	default:
		return &CorruptError{Path: path, Reason: err.Error(), Err: err}
	}
}
