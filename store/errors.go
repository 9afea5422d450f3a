package store

import (
	"errors"
	"strconv"

	"whmcs-eracuni/sync/message"
)

var (
	msgLocked = message.Define("store.locked",
		"whmcs-eracuni is already running with this data folder: {{.dir}}. Close the other window (or wait for the running sync to finish) and try again.")
	msgNewerSchema = message.Define("store.newer_schema",
		"This data folder was written by a newer version of whmcs-eracuni (schema {{.schema}}); install that version or newer.")
	msgNewerRecord = message.Define("store.newer_record",
		"A stored {{.what}} was written by a newer version of whmcs-eracuni (format {{.version}}); install that version or newer.")
	msgCorrupt = message.Define("store.corrupt",
		"The data file {{.path}} cannot be read ({{.reason}}). It is kept as it is. To start over with a new, empty data file, move the broken one aside: it is renamed to whmcs-eracuni.db.broken-<time> in the same folder (nothing is deleted), and then set the app up again.")
	msgFile = message.Define("store.file_failed",
		"Could not {{.action}} the data file {{.path}}: {{.err}}. Check that the disk is not full and that you may write to this folder.")
	msgRunNotFound = message.Define("store.run_not_found",
		"There is no sync run {{.id}} in the history; it may have been removed to keep the history short.")
)

// ErrLocked matches a *LockedError with errors.Is.
var ErrLocked = errors.New("store: data folder is in use by another process")

// LockedError: another process (another window, or a sync started from the
// command line or a scheduler) holds the data file. The file lock is also
// what keeps the app to a single instance per data folder.
type LockedError struct{ Dir string }

func (e *LockedError) Explain() message.Message { return msgLocked.With("dir", e.Dir) }
func (e *LockedError) Error() string            { return e.Explain().String() }
func (e *LockedError) Is(target error) bool     { return target == ErrLocked }

// NewerVersionError: the file's schema is newer than this build knows. The
// file is left untouched so the newer version keeps working.
type NewerVersionError struct {
	Path   string
	Schema int
}

func (e *NewerVersionError) Explain() message.Message {
	return msgNewerSchema.With("schema", strconv.Itoa(e.Schema), "path", e.Path)
}
func (e *NewerVersionError) Error() string { return e.Explain().String() }

// RecordVersionError: one stored value carries a format version ("v") newer
// than this build knows.
type RecordVersionError struct {
	What    string // "settings", "ledger entry", "run", "run orders"
	Version int
}

func (e *RecordVersionError) Explain() message.Message {
	return msgNewerRecord.With("what", e.What, "version", strconv.Itoa(e.Version))
}
func (e *RecordVersionError) Error() string { return e.Explain().String() }

// CorruptError: the file exists but is not a readable whmcs-eracuni data
// file (not bbolt at all, truncated, damaged, or a foreign bbolt file). It is
// never deleted; MoveAside renames it so a fresh file can be created.
type CorruptError struct {
	Path   string
	Reason string // English, technical: what exactly was wrong
	Err    error  // the underlying bbolt error, when there is one
}

func (e *CorruptError) Explain() message.Message {
	return msgCorrupt.With("path", e.Path, "reason", e.Reason)
}
func (e *CorruptError) Error() string { return e.Explain().String() }
func (e *CorruptError) Unwrap() error { return e.Err }

// FileError: the operating system refused an operation on the data file or
// folder (permissions, disk full, I/O error).
type FileError struct {
	Path   string
	Action string // "open", "write to", "read", "move aside"
	Err    error
}

func (e *FileError) Explain() message.Message {
	detail := ""
	if e.Err != nil {
		detail = e.Err.Error()
	}
	return msgFile.With("action", e.Action, "path", e.Path, "err", detail)
}
func (e *FileError) Error() string { return e.Explain().String() }
func (e *FileError) Unwrap() error { return e.Err }

// ErrRunNotFound matches a *RunNotFoundError with errors.Is.
var ErrRunNotFound = errors.New("store: run not found")

// RunNotFoundError: DB.Run was asked for an id the history does not hold.
type RunNotFoundError struct{ ID string }

func (e *RunNotFoundError) Explain() message.Message { return msgRunNotFound.With("id", e.ID) }
func (e *RunNotFoundError) Error() string            { return e.Explain().String() }
func (e *RunNotFoundError) Is(target error) bool     { return target == ErrRunNotFound }
