package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// MoveAside renames dir/whmcs-eracuni.db to
// whmcs-eracuni.db.broken-<UTC time> in the same folder, so the next Open
// starts a fresh file. The bytes are kept for inspection or recovery; nothing
// is ever deleted. It refuses (with *LockedError) while another process holds
// the file.
func MoveAside(dir string) (string, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return "", &FileError{Path: path, Action: "move aside", Err: err}
	}
	// Take the lock for a moment: moving a file another instance is using
	// would leave it writing to a file nobody opens again. A damaged file
	// may fail to open in other ways; only a timeout means it is in use.
	if bdb, err := guardedOpen(path, &bolt.Options{Timeout: lockTimeout, ReadOnly: true}); err == nil {
		_ = bdb.Close()
	} else if errors.Is(err, berrors.ErrTimeout) {
		return "", &LockedError{Dir: dir}
	}

	base := path + ".broken-" + time.Now().UTC().Format("20060102-150405")
	target := base
	for i := 2; ; i++ {
		// os.Rename replaces an existing target on Unix; never overwrite an
		// earlier broken copy.
		if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
			break
		}
		target = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, target); err != nil {
		return "", &FileError{Path: path, Action: "move aside", Err: err}
	}
	return target, nil
}
