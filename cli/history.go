package cli

import (
	"errors"
	"fmt"
	"os"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
)

func runHistory(c *invocation, args []string) int {
	fs := newFlags(c, "history", "[--json] [--run ID] [--csv FILE] [--limit N]")
	asJSON := fs.Bool("json", false, "print JSON")
	runID := fs.String("run", "", "show one run with every order")
	csvFile := fs.String("csv", "", "export the run (--run, default the newest) to this CSV file")
	limit := fs.Int("limit", 20, "how many runs to list")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	db, code := c.openStore()
	if db == nil {
		return code
	}
	defer db.Close()
	if *runID == "" && *csvFile != "" {
		runs, _, err := db.Runs(0, 1)
		if err != nil || len(runs) == 0 {
			fmt.Fprintln(c.env.Stderr, "there is no run to export yet")
			return ExitConfig
		}
		*runID = runs[0].ID
	}
	if *runID != "" {
		r, err := db.Run(*runID)
		if errors.Is(err, store.ErrRunNotFound) {
			fmt.Fprintf(c.env.Stderr, "no run %q in the history; 'whmcs-eracuni history' lists them\n", *runID)
			return ExitConfig
		}
		if err != nil {
			fmt.Fprintln(c.env.Stderr, explain(err))
			return ExitConfig
		}
		if *csvFile != "" {
			return exportCSV(c, r, *csvFile)
		}
		if *asJSON {
			writeJSON(c.env.Stdout, r)
			return ExitOK
		}
		fmt.Fprintln(c.env.Stdout, runLine(r))
		writeOrders(c.env.Stdout, r.Orders)
		return ExitOK
	}
	runs, total, err := db.Runs(0, *limit)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	if *asJSON {
		if runs == nil {
			runs = []store.Run{}
		}
		writeJSON(c.env.Stdout, runs)
		return ExitOK
	}
	if len(runs) == 0 {
		fmt.Fprintln(c.env.Stdout, "No runs yet.")
		return ExitOK
	}
	for _, r := range runs {
		fmt.Fprintln(c.env.Stdout, runLine(r))
	}
	if total > len(runs) {
		fmt.Fprintf(c.env.Stdout, "(%d of %d runs; --limit shows more)\n", len(runs), total)
	}
	return ExitOK
}

func runLine(r store.Run) string {
	kind := "sync"
	if r.DryRun {
		kind = "preview"
	}
	line := fmt.Sprintf("%s  %s  %-7s %-9s %d created, %d invoiced, %d skipped, %d already, %d failed",
		r.ID, r.Started.Local().Format(time.DateTime), kind, r.Trigger, r.Created, r.Invoiced, r.Skipped, r.Already, r.Failed)
	if r.Error != "" {
		line += "  — " + r.Error
	}
	return line
}

func exportCSV(c *invocation, r store.Run, path string) int {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "cannot write %s: %v\n", path, err)
		return ExitConfig
	}
	if err := sync.WriteCSV(f, r); err != nil {
		f.Close()
		fmt.Fprintf(c.env.Stderr, "cannot write %s: %v\n", path, err)
		return ExitConfig
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(c.env.Stderr, "cannot write %s: %v\n", path, err)
		return ExitConfig
	}
	fmt.Fprintf(c.env.Stdout, "Run %s exported to %s (%d orders).\n", r.ID, path, len(r.Orders))
	return ExitOK
}
