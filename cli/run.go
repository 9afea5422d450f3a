package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
)

func runPreview(c *invocation, args []string) int { return runEngine(c, "preview", args, true) }
func runSync(c *invocation, args []string) int    { return runEngine(c, "sync", args, false) }

func runEngine(c *invocation, name string, args []string, dry bool) int {
	fs := newFlags(c, name, "[--json]")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout (human text goes to stderr)")
	verbose := fs.Bool("v", false, "print progress to stderr")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	ss, code := c.openSession()
	if ss == nil {
		return code
	}
	defer ss.Close()
	eng := sync.New(sync.Config{DB: ss.db, Shop: ss.wh, Books: ss.er, Now: c.env.Now})
	var progress func(sync.Progress)
	if *verbose {
		progress = func(p sync.Progress) {
			if p.Phase == sync.PhaseCreating && p.Total > 0 {
				fmt.Fprintf(c.env.Stderr, "[%d/%d] %s\n", p.Done, p.Total, p.Message.String())
			}
		}
	}
	run := eng.Sync
	if dry {
		run = eng.Preview
	}
	p, err := run(c.ctx, sync.TriggerCLI, progress)
	var setup *sync.SetupError
	if errors.As(err, &setup) {
		fmt.Fprintln(c.env.Stderr, explain(err))
		if *asJSON && p != nil {
			writeJSON(c.env.Stdout, planJSON(p))
		}
		return ExitCode(p, err)
	}
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitCode(p, err)
	}
	human := c.env.Stdout
	if *asJSON {
		human = c.env.Stderr
		writeJSON(c.env.Stdout, planJSON(p))
	} else {
		writeTable(human, p)
	}
	fmt.Fprintln(human, summary(p))
	if p.Err != nil {
		fmt.Fprintln(c.env.Stderr, explain(p.Err))
	}
	return ExitCode(p, err)
}

// ExitCode is the process exit code for what a preview or sync returned,
// as the command-line contract settles it: 2 when the run stopped before
// writing anything (or could not start), 1 when it finished with failed
// orders or a run-level problem, 0 otherwise.
func ExitCode(p *sync.Plan, err error) int {
	if err != nil || p == nil {
		return ExitConfig
	}
	if p.Counts.Failed > 0 || p.Err != nil {
		return ExitPartial
	}
	return ExitOK
}

// runJSON is the --json shape the command-line contract settles.
type runJSON struct {
	RunID    string           `json:"run_id"`
	DryRun   bool             `json:"dry_run"`
	Created  int              `json:"created"`
	Invoiced int              `json:"invoiced"`
	Skipped  int              `json:"skipped"`
	Already  int              `json:"already"`
	Failed   int              `json:"failed"`
	Flagged  int              `json:"flagged,omitempty"`
	Error    string           `json:"error,omitempty"`
	Orders   []store.RunOrder `json:"orders"`
}

func planJSON(p *sync.Plan) runJSON {
	j := runJSON{RunID: p.RunID, DryRun: p.DryRun, Created: p.Counts.Created, Invoiced: p.Counts.Invoiced,
		Skipped: p.Counts.Skipped, Already: p.Counts.Already, Failed: p.Counts.Failed, Flagged: p.Counts.Flagged,
		Orders: []store.RunOrder{}}
	if p.Err != nil {
		j.Error = explain(p.Err)
	}
	for _, d := range p.Decisions {
		j.Orders = append(j.Orders, sync.RunOrder(d))
	}
	return j
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeTable(w io.Writer, p *sync.Plan) {
	if len(p.Decisions) == 0 {
		fmt.Fprintln(w, "No new or changed orders.")
		return
	}
	orders := make([]store.RunOrder, 0, len(p.Decisions))
	for _, d := range p.Decisions {
		orders = append(orders, sync.RunOrder(d))
	}
	writeOrders(w, orders)
}

// writeOrders prints a run's orders (and invoices) as a table.
func writeOrders(w io.Writer, orders []store.RunOrder) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tDATE\tCLIENT\tAMOUNT\tACTION\tDOCUMENT\tREASON")
	for _, o := range orders {
		num, why := o.OrderNum, o.Reason
		if o.Kind == store.KindInvoice {
			num = "invoice " + num
		}
		if o.Error != "" {
			why = o.Error
		}
		for _, f := range o.Flags {
			why += " ⚠ " + f.Text
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%s\t%s\t%s\n", num, o.Date, clip(o.Client, 28), o.Amount, o.Currency,
			o.Action, o.DocumentNumber, why)
	}
	tw.Flush()
}

func summary(p *sync.Plan) string {
	verb := "Sync"
	if p.DryRun {
		verb = "Preview"
	}
	line := fmt.Sprintf("%s %s: %d created, %d invoiced, %d skipped, %d already imported, %d failed.",
		verb, p.RunID, p.Counts.Created, p.Counts.Invoiced, p.Counts.Skipped, p.Counts.Already, p.Counts.Failed)
	if p.Counts.Flagged > 0 {
		line += fmt.Sprintf(" %d need a look in e-računi by hand (see the flags above).", p.Counts.Flagged)
	}
	return line
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
