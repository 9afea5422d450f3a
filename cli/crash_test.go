package cli_test

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

// child starts the real command line as another process.
func (w *world) child(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"--data-dir", w.dir}, args...)...)
	cmd.Env = append(os.Environ(), "WHMCS_ERACUNI_CLI_CHILD=1",
		"WHMCS_API_SECRET="+whSecret, "ERACUNI_PASSWORD="+erPass, "ERACUNI_TOKEN="+erToken)
	return cmd
}

// waitFor waits until cond holds; it synchronises with another process and
// asserts nothing about time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestKilledBetweenPendingAndDoneEndsWithExactlyOneDocument(t *testing.T) {
	w := newWorld(t)
	w.configure()
	id := w.order("Active", "Paid")
	// e-računi stores the sales order and then never answers.
	w.esrv.Fault(eracuni.MethodSalesOrderCreate, 1, eracunitest.Stall)
	cmd := w.child("sync")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, "the child's create to be stored", func() bool { return len(w.esrv.Documents()) == 1 })

	// Meanwhile a second run on the same data folder is refused.
	if code, _, errs := w.run("sync"); code != cli.ExitLocked || !strings.Contains(errs, "already running with this data folder") {
		t.Fatalf("second process: exit %d %q", code, errs)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	en, ok, _ := db.Entry(store.KindOrder, id)
	db.Close()
	if !ok || en.State != store.StatePending {
		t.Fatalf("after the kill the ledger says %+v, want pending", en)
	}
	w.esrv.ClearFaults()
	if code, out, errs := w.run("sync"); code != 0 {
		t.Fatalf("the next run: exit %d\n%s%s", code, out, errs)
	}
	o, _ := w.shop.Order(id)
	docs := w.esrv.SalesOrdersByReference(sync.Reference(itoa(o.OrderNum)))
	if len(docs) != 1 || w.esrv.Calls(eracuni.MethodSalesOrderCreate) != 1 {
		t.Fatalf("%d documents and %d create calls, want exactly one of each", len(docs), w.esrv.Calls(eracuni.MethodSalesOrderCreate))
	}
	db, _ = store.Open(w.dir)
	defer db.Close()
	if en, _, _ := db.Entry(store.KindOrder, id); en.State != store.StateDone || en.DocumentID != docs[0].DocumentID {
		t.Fatalf("ledger after recovery: %+v, want done with %s", en, docs[0].DocumentID)
	}
}
