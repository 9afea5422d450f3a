// Package cli is the command line of whmcs-eracuni: the same engine the
// desktop app drives, for servers, cron and scripted checks. It imports no
// Fyne; the GUI is handed in as a launcher so this package stays fast to test.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
)

// Exit codes, as the command-line contract settles them.
const (
	ExitOK       = 0 // every order decided and every action succeeded
	ExitPartial  = 1 // the run wrote what it could; some orders failed
	ExitConfig   = 2 // configuration, authentication, permission or connection problem, or bad usage
	ExitLocked   = 3 // another instance holds the data folder
	envDataDir   = "WHMCS_ERACUNI_DATA_DIR"
	appDirName   = "whmcs-eracuni"
	keyringLimit = 10 * time.Second
)

// GUIOptions is what the desktop app needs from the command line.
type GUIOptions struct {
	DB      *store.DB
	Secrets store.Secrets
	DataDir string
	Demo    *Demo // nil unless started by the demo subcommand
	// OpenError is why the data file could not be opened (DB is then nil):
	// the app explains it in a small window and, for a damaged file, offers
	// to move it aside and continue. The launcher returns it (or another
	// error) when the user quits without resolving it.
	OpenError error
}

// Launcher opens the desktop app and returns when it quits.
type Launcher func(GUIOptions) error

// Env is everything the command line touches outside itself, so tests can
// run it in-process with their own output, environment and secret store.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Secrets        func() store.Secrets
	GUI            Launcher
	Now            func() time.Time
	// Context returns the context a command runs under; System cancels it on
	// Ctrl-C and SIGTERM so a run stops between orders and stays consistent.
	Context func() (context.Context, context.CancelFunc)
	// Connect adjusts the API clients; tests that run the command line as a
	// child process use it to pace e-računi faster than the real limit.
	Connect []sync.ConnectOption
}

// System is the Env of a real process.
func System(gui Launcher) Env {
	return Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Getenv:  os.Getenv,
		Secrets: func() store.Secrets { return store.NewKeyring(keyringLimit) },
		GUI:     gui,
		Now:     time.Now,
		Context: func() (context.Context, context.CancelFunc) {
			return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		},
	}
}

type command struct {
	name, summary string
	run           func(c *invocation, args []string) int
}

func commands() []command {
	return []command{
		{"configure", "store settings and secrets (secrets from the environment)", runConfigure},
		{"check", "test both connections and the WHMCS API permissions", runCheck},
		{"preview", "show what a sync would create, without writing anything", runPreview},
		{"sync", "import the orders into e-računi", runSync},
		{"history", "list past runs, show one, or export it to CSV", runHistory},
		{"repair", "move a damaged data file aside (kept, never deleted) and start a new one", runRepair},
		{"demo", "open the app on a built-in demo shop (no real data)", runDemo},
	}
}

// invocation carries one command's shared state.
type invocation struct {
	env     Env
	dataDir string
	ctx     context.Context
}

// Main runs the command line and returns the process exit code.
func Main(args []string, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Context == nil {
		env.Context = func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }
	}
	inv := &invocation{env: env, dataDir: env.Getenv(envDataDir)}
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		switch {
		case a == "-h" || a == "--help" || a == "-help" || a == "help":
			usage(env.Stdout)
			return ExitOK
		case a == "--data-dir" || a == "-data-dir":
			if len(args) < 2 {
				fmt.Fprintln(env.Stderr, "--data-dir needs a folder")
				return ExitConfig
			}
			inv.dataDir, args = args[1], args[2:]
		case strings.HasPrefix(a, "--data-dir=") || strings.HasPrefix(a, "-data-dir="):
			inv.dataDir, args = a[strings.Index(a, "=")+1:], args[1:]
		default:
			fmt.Fprintf(env.Stderr, "unknown option %s\n\n", a)
			usage(env.Stderr)
			return ExitConfig
		}
	}
	if inv.dataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			fmt.Fprintf(env.Stderr, "cannot find a folder for the app's data: %v; choose one with --data-dir\n", err)
			return ExitConfig
		}
		inv.dataDir = dir
	}
	ctx, cancel := env.Context()
	defer cancel()
	inv.ctx = ctx

	if len(args) == 0 {
		return runGUI(inv)
	}
	if args[0] == "help" {
		usage(env.Stdout)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(inv, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return ExitConfig
}

func defaultDataDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, appDirName), nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "whmcs-eracuni moves WHMCS orders into e-računi.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  whmcs-eracuni [--data-dir DIR]             open the desktop app")
	fmt.Fprintln(w, "  whmcs-eracuni [--data-dir DIR] COMMAND ...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "The data folder (settings, ledger, history) defaults to the user config folder;\n")
	fmt.Fprintf(w, "%s chooses another. Secrets are kept in the system keyring.\n", envDataDir)
	fmt.Fprintln(w, "A damaged data file is never deleted: 'repair' renames it to whmcs-eracuni.db.broken-<time>")
	fmt.Fprintln(w, "in the same folder; 'configure --forget-credentials' removes the secrets from the keyring.")
	fmt.Fprintln(w, "Run 'whmcs-eracuni COMMAND --help' for a command's options.")
	fmt.Fprintln(w, "Exit codes: 0 done, 1 some orders failed, 2 configuration or connection problem, 3 already running.")
}

// openStore opens the data folder, printing the reason and returning the
// exit code when it cannot.
func (c *invocation) openStore() (*store.DB, int) {
	db, err := store.Open(c.dataDir)
	if err == nil {
		return db, ExitOK
	}
	fmt.Fprintln(c.env.Stderr, explain(err))
	fmt.Fprint(c.env.Stderr, wayOut(err))
	return nil, openExitCode(err)
}

// wayOut is the next step for a data file that cannot be opened, in the
// command line's own words.
func wayOut(err error) string {
	var corrupt *store.CorruptError
	var newer *store.NewerVersionError
	switch {
	case errors.As(err, &corrupt):
		return "Run 'whmcs-eracuni repair' to move it aside (it is kept, never deleted) and start with a new data file.\n"
	case errors.As(err, &newer):
		return "The file was left untouched. 'whmcs-eracuni repair' does not move a file that is only newer: install the newer version instead.\n"
	}
	return ""
}

func openExitCode(err error) int {
	if errors.Is(err, store.ErrLocked) {
		return ExitLocked
	}
	return ExitConfig
}

func runGUI(c *invocation) int {
	if c.env.GUI == nil {
		fmt.Fprintln(c.env.Stderr, "this build has no desktop app; use a command (see --help)")
		return ExitConfig
	}
	// A data file that cannot be opened is explained in a window: someone
	// who started the app from a menu never sees this process's stderr.
	db, err := store.Open(c.dataDir)
	if err == nil {
		defer db.Close()
	}
	opts := GUIOptions{DB: db, Secrets: c.env.Secrets(), DataDir: c.dataDir, OpenError: err}
	if err := c.env.GUI(opts); err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		fmt.Fprint(c.env.Stderr, wayOut(err))
		return openExitCode(err)
	}
	return ExitOK
}
