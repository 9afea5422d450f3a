package cli_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// The test binary doubles as the real command line when asked, so tests
// can run it as another process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("WHMCS_ERACUNI_CLI_CHILD") == "1" {
		env := cli.System(nil)
		mem := store.NewMemory()
		env.Secrets = func() store.Secrets { return mem }
		if os.Getenv(envFast) == "1" {
			env.Connect = fastERacuni(0)
		}
		code := cli.Main(os.Args[1:], env)
		recordPeakMemory()
		os.Exit(code)
	}
	// The race detector sleeps a second before a process exits; the child
	// command lines these tests start would each pay it.
	os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	os.Exit(m.Run())
}

// world is a WHMCS shop and an e-računi account (test doubles over real
// HTTP), a data folder, and an in-memory keyring.
type world struct {
	t       *testing.T
	shop    *whmcstest.Shop
	wsrv    *whmcstest.Server
	esrv    *eracunitest.Server
	dir     string
	secrets *store.Memory
	env     map[string]string
	client  int64
}

const (
	whSecret = "wh-SECRET-9f8e7d"
	erPass   = "er-PASSWORD-1a2b3c"
	erToken  = "er-TOKEN-4d5e6f"
)

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), secrets: store.NewMemory()}
	w.shop = whmcstest.NewShop()
	w.shop.AddCredential("cli-id", whSecret)
	w.client = w.shop.AddClient(whmcstest.Client{FirstName: "Žiga", LastName: "Čeh", Email: "ziga@example.si",
		Address1: "Slovenska 1", City: "Ljubljana", PostCode: "1000", Country: "SI"})
	w.wsrv = whmcstest.NewServer(w.shop)
	t.Cleanup(w.wsrv.Close)
	w.esrv = eracunitest.NewServer(eracunitest.Config{
		Accounts: []eracunitest.Account{{Username: "micka", Password: erPass, Token: erToken}},
		Limit:    -1,
	})
	t.Cleanup(w.esrv.Close)
	w.env = map[string]string{}
	return w
}

func (w *world) order(status, invoice string) int64 {
	return w.shop.AddOrder(whmcstest.OrderSpec{ClientID: w.client, Date: time.Now().AddDate(0, 0, -1),
		Status: status, InvoiceStatus: invoice, Items: []whmcstest.Item{{Type: "product",
			Product: "Hosting - Start", Domain: "ceh.si", BillingCycle: "Monthly", Amount: decimalOf("9.90")}}})
}

// run executes the command line in-process.
func (w *world) run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := cli.Env{
		Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return w.env[k] },
		Secrets: func() store.Secrets { return w.secrets },
		Context: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
	}
	code = cli.Main(append([]string{"--data-dir", w.dir}, args...), env)
	return code, out.String(), errb.String()
}

// configure sets the world up as a user would from the command line.
func (w *world) configure(extra ...string) {
	w.t.Helper()
	w.env["WHMCS_API_SECRET"], w.env["ERACUNI_PASSWORD"], w.env["ERACUNI_TOKEN"] = whSecret, erPass, erToken
	args := append([]string{"configure", "--whmcs-url", w.wsrv.URL, "--whmcs-identifier", "cli-id",
		"--eracuni-url", w.esrv.URL, "--eracuni-username", "micka", "--since", time.Now().AddDate(0, 0, -30).Format("2006-01-02")}, extra...)
	code, out, errs := w.run(args...)
	if code != 0 {
		w.t.Fatalf("configure: exit %d\n%s%s", code, out, errs)
	}
	// Secrets came from the environment once; later commands use the keyring.
	w.env = map[string]string{}
}

func TestHelpAndUnknownCommands(t *testing.T) {
	w := newWorld(t)
	code, out, _ := w.run("--help")
	if code != 0 || !strings.Contains(out, "Commands:") || !strings.Contains(out, "preview") {
		t.Fatalf("--help: exit %d, output %q", code, out)
	}
	code, out, errs := w.run("frobnicate")
	if code != cli.ExitConfig || out != "" || !strings.Contains(errs, `unknown command "frobnicate"`) || !strings.Contains(errs, "Usage:") {
		t.Fatalf("unknown command: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := w.run("sync", "--frobnicate"); code != cli.ExitConfig || !strings.Contains(errs, "frobnicate") {
		t.Fatalf("unknown flag: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := w.run("--nope"); code != cli.ExitConfig || !strings.Contains(errs, "unknown option") {
		t.Fatalf("unknown global option: exit %d, stderr %q", code, errs)
	}
}
