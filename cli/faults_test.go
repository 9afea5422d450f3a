package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// runFast runs the command line in-process with e-računi paced without a
// limit, quick retries and, when timeout > 0, that bound on each e-računi
// request. It returns the exit code and everything printed.
func (w *world) runFast(timeout time.Duration, args ...string) (int, string) {
	var out bytes.Buffer
	env := cli.Env{
		Stdout: &out, Stderr: &out,
		Getenv:  func(k string) string { return w.env[k] },
		Secrets: func() store.Secrets { return w.secrets },
		Connect: fastERacuni(timeout),
	}
	code := cli.Main(append([]string{"--data-dir", w.dir}, args...), env)
	return code, out.String()
}

// eligibleOrders adds three orders the sync must import (one paid, one
// unpaid, one with two items) and one it must skip.
func (w *world) eligibleOrders() []int64 {
	ids := []int64{w.order("Active", "Paid"), w.order("Pending", "Unpaid"), w.order("Active", "Unpaid")}
	w.order("Fraud", "Unpaid")
	return ids
}

// assertEachOnce checks that every order in ids has exactly one sales order
// in e-računi, that nothing else was created, and that the ledger is done
// with that document.
func (w *world) assertEachOnce(ids []int64) {
	w.t.Helper()
	db, err := store.Open(w.dir)
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	total := 0
	for _, d := range w.esrv.Documents() {
		if d.Kind == eracunitest.KindSalesOrder {
			total++
		}
	}
	if total != len(ids) {
		w.t.Errorf("e-računi holds %d sales orders, want %d", total, len(ids))
	}
	for _, id := range ids {
		o, _ := w.shop.Order(id)
		docs := w.esrv.SalesOrdersByReference(sync.Reference(itoa(o.OrderNum)))
		if len(docs) != 1 {
			w.t.Errorf("order %d: %d sales orders, want exactly one", id, len(docs))
			continue
		}
		if en, ok, _ := db.Entry(store.KindOrder, id); !ok || en.State != store.StateDone || en.DocumentID != docs[0].DocumentID {
			w.t.Errorf("order %d: ledger %+v, want done with %s", id, en, docs[0].DocumentID)
		}
	}
}

// faultCase is one thing that goes wrong, what the user must read, and the
// exit code the contract gives it.
type faultCase struct {
	name    string
	timeout time.Duration // bound on each e-računi request (0: the default)
	inject  func(w *world)
	code    int
	says    []string
	// check looks at the doubles after the faulty run.
	check func(t *testing.T, w *world, ids []int64)
}

func faultCases() []faultCase {
	return []faultCase{
		{name: "WHMCS 500 once is retried", code: cli.ExitOK, says: []string{"3 created"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 1, whmcstest.HTTP500) },
			check: func(t *testing.T, w *world, _ []int64) {
				if n := w.wsrv.Calls("GetOrders"); n != 2 {
					t.Errorf("%d GetOrders calls, want 2 (one retry)", n)
				}
			}},
		{name: "WHMCS 500 every time", code: cli.ExitConfig,
			says:   []string{"failed with HTTP 500", "tried 4 times", "PHP error log"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 0, whmcstest.HTTP500) }},
		{name: "WHMCS 500 for one client's details", code: cli.ExitPartial,
			// The three orders share the client: all three fail, none is lost.
			says:   []string{"could not be read from WHMCS", "0 created", "3 failed"},
			inject: func(w *world) { w.wsrv.Fault("GetClientsDetails", 0, whmcstest.HTTP500) }},
		{name: "WHMCS behind a WAF page", code: cli.ExitConfig,
			says:   []string{"did not answer like the WHMCS API (HTTP 403)", "Sorry, you have been blocked", "Cloudflare"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 0, whmcstest.HTMLPage) }},
		{name: "WHMCS truncated JSON once is retried", code: cli.ExitOK, says: []string{"3 created"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 1, whmcstest.TruncatedJSON) }},
		{name: "WHMCS truncated JSON every time", code: cli.ExitConfig,
			says:   []string{"incomplete answer", "tried 4 times"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 0, whmcstest.TruncatedJSON) }},
		{name: "WHMCS malformed UTF-8 in the orders", code: cli.ExitConfig,
			says:   []string{"broken encoding", "Malformed UTF-8", "retype the text"},
			inject: func(w *world) { w.wsrv.Fault("GetOrders", 0, whmcstest.MalformedUTF8) }},
		{name: "WHMCS malformed UTF-8 in a client", code: cli.ExitPartial,
			says:   []string{"could not be read from WHMCS", "failed"},
			inject: func(w *world) { w.wsrv.Fault("GetClientsDetails", 0, whmcstest.MalformedUTF8) }},
		{name: "WHMCS wrong secret: one refused login, no ban", code: cli.ExitConfig,
			says:   []string{"WHMCS rejected the API identifier or secret", "does not retry this"},
			inject: func(w *world) { w.env["WHMCS_API_SECRET"] = "wrong-secret" },
			check: func(t *testing.T, w *world, _ []int64) {
				if n, banned := w.shop.FailedLogins("127.0.0.1"), w.shop.Banned("127.0.0.1"); n != 1 || banned {
					t.Errorf("one run with a wrong secret: %d failed logins, banned %v; want 1, not banned", n, banned)
				}
				if n := w.wsrv.TotalCalls(); n != 1 {
					t.Errorf("%d WHMCS calls after a refused login, want 1", n)
				}
				delete(w.env, "WHMCS_API_SECRET")
			}},
		{name: "WHMCS IP ban after three wrong secrets", code: cli.ExitConfig,
			says: []string{"WHMCS has banned this computer's IP address", "15 minutes"},
			inject: func(w *world) {
				w.env["WHMCS_API_SECRET"] = "wrong-secret"
				for range 3 {
					if code, out := w.runFast(0, "sync"); code != cli.ExitConfig || !strings.Contains(out, "rejected the API identifier") {
						w.t.Fatalf("a run with a wrong secret: exit %d\n%s", code, out)
					}
				}
				delete(w.env, "WHMCS_API_SECRET") // the right secret is no help while banned
			},
			check: func(t *testing.T, w *world, _ []int64) {
				if !w.shop.Banned("127.0.0.1") {
					t.Error("three wrong secrets did not get the IP banned in the double")
				}
				w.shop.Unban("127.0.0.1")
			}},
		{name: "e-računi Too Many Requests once is retried", code: cli.ExitOK, says: []string{"3 created"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.TooManyRequests) },
			check: func(t *testing.T, w *world, _ []int64) {
				if n := w.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 4 {
					t.Errorf("%d creates for 3 orders, want 4 (one refused and retried)", n)
				}
			}},
		{name: "e-računi Too Many Requests every time", code: cli.ExitPartial,
			says:   []string{`kept answering "Too Many Requests"`, "4 requests in 4 seconds", "3 failed"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 0, eracunitest.TooManyRequests) }},
		{name: "e-računi busy with another request once is retried", code: cli.ExitOK, says: []string{"3 created"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 2, eracunitest.Busy) }},
		{name: "e-računi busy with another request every time", code: cli.ExitPartial,
			says:   []string{"still busy with another request", "3 failed"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 0, eracunitest.Busy) }},
		{name: "e-računi 500 with a validation error", code: cli.ExitPartial,
			says:   []string{"e-računi rejected order", "injected — The test double was told to refuse this call", "2 created", "1 failed"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.HTTP500JSON) }},
		{name: "e-računi drops the connection after storing", code: cli.ExitOK, says: []string{"3 created"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 2, eracunitest.DropAfterStore) },
			check: func(t *testing.T, w *world, _ []int64) {
				if n := w.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 3 {
					t.Errorf("%d creates for 3 orders: a create whose answer was lost was sent again", n)
				}
			}},
		{name: "e-računi drops the connection before storing", code: cli.ExitPartial,
			says:   []string{"the request was sent but no answer came back", "looked up before anything is sent again", "1 failed"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.Drop) }},
		{name: "e-računi stalls after storing", code: cli.ExitOK, timeout: 300 * time.Millisecond, says: []string{"3 created"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderCreate, 3, eracunitest.Stall) },
			check: func(t *testing.T, w *world, _ []int64) {
				if n := w.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 3 {
					t.Errorf("%d creates for 3 orders: a stalled create was sent again", n)
				}
			}},
		{name: "e-računi maintenance page on the look-up", code: cli.ExitConfig,
			says:   []string{"e-računi had a server error while listing sales orders", "HTTP 503", "try again later"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderList, 0, eracunitest.ErrorPage) },
			check: func(t *testing.T, w *world, _ []int64) {
				if n := w.esrv.Calls(eracuni.MethodSalesOrderCreate); n != 0 {
					t.Errorf("%d creates without knowing what already exists", n)
				}
			}},
		{name: "e-računi address answers with a login page", code: cli.ExitConfig,
			says:   []string{"did not answer like the e-računi API", "check the e-računi address"},
			inject: func(w *world) { w.esrv.Fault(eracuni.MethodSalesOrderList, 0, eracunitest.HTMLPage) }},
	}
}

// TestFaultMatrix runs a sync through each fault over real HTTP, checks the
// explanation and the exit code, and then proves with a clean run that no
// order was lost or duplicated.
func TestFaultMatrix(t *testing.T) {
	var covered atomic.Int32
	t.Run("faults", func(t *testing.T) {
		for _, tc := range faultCases() {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel() // each case has its own doubles and data folder
				if runFault(t, tc) {
					covered.Add(1)
				}
			})
		}
	})
	t.Logf("RELIABILITY faults covered=%d cases=%d", covered.Load(), len(faultCases()))
}

// runFault is one case of the matrix; it reports whether every check held.
func runFault(t *testing.T, tc faultCase) bool {
	w := newWorld(t)
	w.configure()
	ids := w.eligibleOrders()
	tc.inject(w)
	code, out := w.runFast(tc.timeout, "sync")
	if code != tc.code {
		t.Errorf("exit %d, want %d\n%s", code, tc.code, out)
	}
	for _, s := range tc.says {
		if !strings.Contains(out, s) {
			t.Errorf("the output does not say %q:\n%s", s, out)
		}
	}
	for _, secret := range []string{whSecret, erPass, erToken, eracuni.MD5Pass("micka", erPass)} {
		if strings.Contains(out, secret) {
			t.Error("a secret is in the output")
		}
	}
	if tc.check != nil {
		tc.check(t, w, ids)
	}
	if dups := duplicateReferences(w.esrv); len(dups) > 0 {
		t.Fatalf("duplicates after the fault: %v", dups)
	}
	w.wsrv.ClearFaults()
	w.esrv.ClearFaults()
	if code, out := w.runFast(0, "sync"); code != cli.ExitOK {
		t.Fatalf("the clean run after the fault: exit %d\n%s", code, out)
	}
	w.assertEachOnce(ids)
	return !t.Failed()
}

func duplicateReferences(s *eracunitest.Server) []string {
	seen := map[string]int{}
	var dups []string
	for _, d := range s.Documents() {
		k := d.Kind + " " + d.Reference
		if seen[k]++; seen[k] == 2 {
			dups = append(dups, k)
		}
	}
	return dups
}

// A WHMCS that never answers: the command line has no timeout option, so
// the engine is driven directly with a short client timeout, and its result
// is turned into the exit code and text the command line would give.
func TestWHMCSStallIsExplainedAndCostsNothing(t *testing.T) {
	w := newWorld(t)
	w.configure()
	ids := w.eligibleOrders()
	w.wsrv.Fault("GetOrders", 0, whmcstest.Stall)
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	wh, err := whmcs.New(whmcs.Config{URL: w.wsrv.URL, Identifier: "cli-id", Secret: whSecret, Timeout: 200 * time.Millisecond,
		Retry: whmcs.Retry{Attempts: 2, Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	er, err := eracuni.New(eracuni.Config{Endpoint: w.esrv.URL, Username: "micka", Password: erPass, Token: erToken,
		Limiter: rate.NewLimiter(rate.Inf, 1)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := sync.New(sync.Config{DB: db, Shop: wh, Books: er}).Sync(context.Background(), sync.TriggerCLI, nil)
	db.Close()
	if code := cli.ExitCode(p, err); code != cli.ExitConfig {
		t.Errorf("exit code %d for a WHMCS that never answers, want %d", code, cli.ExitConfig)
	}
	text := fmt.Sprint(err)
	for _, want := range []string{"Could not get an answer from WHMCS", "no answer within 200ms", "tried 2 times"} {
		if !strings.Contains(text, want) {
			t.Errorf("the explanation lacks %q: %s", want, text)
		}
	}
	if n := w.esrv.Calls(""); n != 0 {
		t.Errorf("%d e-računi calls while WHMCS could not be read", n)
	}
	w.wsrv.ClearFaults()
	if code, out := w.runFast(0, "sync"); code != cli.ExitOK {
		t.Fatalf("the clean run: exit %d\n%s", code, out)
	}
	w.assertEachOnce(ids)
	if !t.Failed() {
		t.Logf("RELIABILITY faults whmcs-stall=covered")
	}
}
