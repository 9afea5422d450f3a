package cli_test

import (
	"time"

	"golang.org/x/time/rate"

	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
)

// envFast makes a child command line pace e-računi without a limit and
// retry after a millisecond: the doubles' limit is off, and a crash loop of
// hundreds of orders must take seconds.
const envFast = "WHMCS_ERACUNI_CLI_FAST"

// fastERacuni is that pacing; a timeout > 0 also bounds each e-računi
// request, for the faults that never answer.
func fastERacuni(timeout time.Duration) []sync.ConnectOption {
	return []sync.ConnectOption{func(c *eracuni.Config) {
		c.Limiter = rate.NewLimiter(rate.Inf, 1)
		c.Retry = eracuni.Retry{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}
		if timeout > 0 {
			c.Timeout = timeout
		}
	}}
}
