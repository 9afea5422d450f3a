package cli

import (
	"fmt"

	"whmcs-eracuni/sync"
)

func runCheck(c *invocation, args []string) int {
	fs := newFlags(c, "check", "")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	ss, code := c.openSession()
	if ss == nil {
		return code
	}
	defer ss.Close()
	r := sync.CheckFor(c.ctx, ss.settings, ss.wh, ss.er)
	out := c.env.Stdout
	fmt.Fprintf(out, "WHMCS (%s):\n", ss.wh.Endpoint())
	warn := false
	for _, ch := range r.WHMCS {
		need := "required"
		if !ch.Required {
			need = "optional"
		}
		if ch.Allowed {
			fmt.Fprintf(out, "  ok    %-18s (%s)\n", ch.Action, need)
			continue
		}
		mark := "FAIL"
		if !ch.Required {
			mark, warn = "warn", true
		}
		fmt.Fprintf(out, "  %-5s %-18s (%s): %s\n", mark, ch.Action, need, explain(ch.Err))
	}
	fmt.Fprintln(out, "e-računi:")
	if r.ERacuni == nil {
		fmt.Fprintln(out, "  ok    connection and sales-order rights")
	} else {
		fmt.Fprintf(out, "  FAIL  %s\n", explain(r.ERacuni))
	}
	if !r.OK() {
		fmt.Fprintln(out, "Fix the problems above, then run 'whmcs-eracuni check' again.")
		return ExitConfig
	}
	if warn {
		fmt.Fprintln(out, "Ready to sync. The optional permission is not needed for importing orders.")
	} else {
		fmt.Fprintln(out, "Ready to sync.")
	}
	return ExitOK
}
