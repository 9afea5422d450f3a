package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// bbolt never gives pages back to the file system: a file that once held a
// large history (a first sync of thousands of orders, then runs pruned to
// the history limit) keeps its size for ever. Open rewrites such a file
// compactly when both hold:
//
//   - the file is at least compactAbove bytes (32 MiB): smaller files are
//     not worth a rewrite on every start, and a fresh installation never
//     pays for one;
//   - at least half of it is reusable (free pages plus the tail bbolt
//     preallocated), so the rewrite at least halves the file.
//
// The rule looks only at the file, so it costs one stat and one read
// transaction at each Open.
var compactAbove int64 = 32 << 20

// compactSuffix names the copy being written beside the data file.
const compactSuffix = ".compact"

// CompactReport says what a compaction did, for tests and the reliability
// figures.
type CompactReport struct {
	Before, After int64 // file sizes in bytes
	Compacted     bool
}

// LastCompaction is what the Open that returned db did about compaction.
func (db *DB) LastCompaction() CompactReport { return db.compaction }

// worthCompacting applies the rule above to the open file.
func worthCompacting(bdb *bolt.DB, path string) (int64, bool) {
	info, err := os.Stat(path)
	if err != nil || info.Size() < compactAbove {
		if err != nil {
			return 0, false
		}
		return info.Size(), false
	}
	var highWater int64
	if bdb.View(func(tx *bolt.Tx) error { highWater = tx.Size(); return nil }) != nil {
		return info.Size(), false
	}
	free := int64(bdb.Stats().FreePageN) * int64(bdb.Info().PageSize)
	used := max(highWater-free, 0)
	return info.Size(), (info.Size()-used)*2 >= info.Size()
}

// compact rewrites the open file src into a copy and puts the copy in its
// place. It is safe against a crash at any point: the copy is written to
// path+".compact" and synced while the original stays untouched, and only a
// complete copy is renamed over the original (an atomic replace). A crash
// before the rename leaves the original as it was and a stale copy that the
// next compaction overwrites; after it, the copy is the data file.
//
// The rename happens while both files are open and locked, and the copy's
// handle becomes the open database: no other process can take the lock of
// the new file between the rename and the reopen (Open also checks that the
// file it locked is still the one at the path). Where an open file cannot
// be renamed (Windows), both are closed first and the file is reopened.
//
// On any failure before the rename the original stays in use and the copy
// is removed: compaction only saves space, it must never keep the app from
// starting.
func compact(src *bolt.DB, path string) (*bolt.DB, CompactReport, error) {
	rep := CompactReport{}
	if info, err := os.Stat(path); err == nil {
		rep.Before = info.Size()
	}
	tmp := path + compactSuffix
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return src, rep, err
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		_ = os.Remove(tmp)
		return src, rep, err
	}
	fail := func(err error) (*bolt.DB, CompactReport, error) {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return src, rep, err
	}
	// Commits every 4 MiB keep memory bounded; each commit is fsynced.
	if err := bolt.Compact(dst, src, 4<<20); err != nil {
		return fail(err)
	}
	if err := dst.Sync(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		// An open file cannot be renamed on Windows: close both and retry.
		_ = dst.Close()
		_ = src.Close()
		if err := os.Rename(tmp, path); err != nil {
			_ = os.Remove(tmp)
			reopened, oerr := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
			if oerr != nil {
				return nil, rep, oerr
			}
			return reopened, rep, err
		}
		reopened, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
		if err != nil {
			return nil, rep, err
		}
		dst = reopened
	} else {
		_ = src.Close()
	}
	syncDir(filepath.Dir(path))
	if info, err := os.Stat(path); err == nil {
		rep.After = info.Size()
	}
	rep.Compacted = true
	return dst, rep, nil
}

// syncDir makes a rename in dir durable. Best effort: not every system can
// sync a folder (Windows cannot open one for it).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
