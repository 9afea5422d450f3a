package cli

import (
	"errors"
	"fmt"

	"whmcs-eracuni/store"
)

// runRepair is the way out of a data file that cannot be read: it renames
// the file to whmcs-eracuni.db.broken-<time> beside it (the bytes are kept
// for inspection or recovery, never deleted) and creates a new, empty data
// file. A file from a newer version is not damaged and is left alone.
//
// A new data file does not cause duplicates: the first sync looks up, in
// e-računi, which orders already have a document.
func runRepair(c *invocation, args []string) int {
	fs := newFlags(c, "repair", "")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	db, err := store.Open(c.dataDir)
	if err == nil {
		path := db.Path()
		db.Close()
		fmt.Fprintf(c.env.Stdout, "The data file %s opens normally; there is nothing to repair.\n", path)
		return ExitOK
	}
	var corrupt *store.CorruptError
	if !errors.As(err, &corrupt) {
		// Locked, newer, or the operating system refused: moving the file
		// would not help, or would hurt.
		fmt.Fprintln(c.env.Stderr, explain(err))
		fmt.Fprint(c.env.Stderr, wayOut(err))
		return openExitCode(err)
	}
	fmt.Fprintf(c.env.Stderr, "The data file cannot be read: %s.\n", corrupt.Reason)
	moved, err := store.MoveAside(c.dataDir)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return openExitCode(err)
	}
	fmt.Fprintf(c.env.Stdout, "Moved the damaged data file to %s (kept, nothing was deleted).\n", moved)
	db, err = store.Open(c.dataDir)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return openExitCode(err)
	}
	fmt.Fprintf(c.env.Stdout, "Started a new data file %s.\n", db.Path())
	db.Close()
	fmt.Fprintln(c.env.Stdout, "The settings were in the old file: set them again with 'whmcs-eracuni configure' (the secrets in the system keyring are kept), then run 'whmcs-eracuni check'.")
	fmt.Fprintln(c.env.Stdout, "The next sync finds the orders already in e-računi by their reference and does not create them again.")
	return ExitOK
}
