package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
)

// envPeakFile asks a child command line to write its peak resident memory
// (VmHWM, bytes) to this file as it exits.
const envPeakFile = "WHMCS_ERACUNI_CLI_PEAK_FILE"

// recordPeakMemory writes this process's peak resident memory where
// envPeakFile says. The rusage of a child is no good for this on Linux:
// Go starts children with vfork, and exec folds the parent's peak (here
// the test with both doubles and every document) into the child's maxrss.
func recordPeakMemory() {
	path := os.Getenv(envPeakFile)
	if path == "" {
		return
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
				_ = os.WriteFile(path, []byte(strconv.FormatInt(kb*1024, 10)), 0o600)
			}
		}
	}
}

// runMeasured runs the real command line as a child and returns its
// output, wall time, peak resident memory (bytes, VmHWM as the child saw
// it; 0 where the system does not say) and the rusage maxrss, which on
// Linux also counts the parent's memory at the time of the start.
func (w *shopWorld) runMeasured(args ...string) (string, time.Duration, int64, int64) {
	w.t.Helper()
	peakFile := filepath.Join(w.t.TempDir(), "peak")
	cmd := w.child(args...)
	cmd.Env = append(cmd.Env, envPeakFile+"="+peakFile)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		w.t.Fatalf("%v: %v\n%s", args, err, lastLines(out.String(), 20))
	}
	took := time.Since(start)
	maxrss := peakRSS(cmd.ProcessState)
	b, _ := os.ReadFile(peakFile)
	peak, _ := strconv.ParseInt(string(b), 10, 64)
	return out.String(), took, peak, maxrss
}

var summaryRe = regexp.MustCompile(`(\d+) created, (\d+) invoiced, (\d+) skipped, (\d+) already imported, (\d+) failed`)

// TestScaleFirstSyncAndRerun syncs a big shop with the real command line:
// the first sync completes, every eligible order has one document, memory
// stays bounded, and a re-run with nothing new reads one page. The normal
// suite runs 1,000 orders of 300 clients; `make reliability` runs 20,000
// of 5,000 (SCALE_ORDERS, SCALE_CLIENTS).
func TestScaleFirstSyncAndRerun(t *testing.T) {
	orders, clients := envInt("SCALE_ORDERS", 1000), envInt("SCALE_CLIENTS", 300)
	w := newShopWorld(t, 7, clients, orders)
	w.configure()
	want := w.eligible()

	out, first, rss, maxrss := w.runMeasured("sync")
	if rss == 0 {
		rss = maxrss
	}
	m := summaryRe.FindStringSubmatch(out)
	if m == nil || m[5] != "0" {
		t.Fatalf("first sync summary: %q", lastLines(out, 3))
	}
	if docs := len(w.books.Documents()); docs != len(want) || m[1] != itoa(int64(len(want))) {
		t.Fatalf("first sync made %d documents (said %s created) for %d eligible orders", docs, m[1], len(want))
	}
	if dups := w.duplicates(); len(dups) > 0 {
		t.Fatalf("duplicates: %v", dups[:min(len(dups), 5)])
	}
	// Bounded: a sync holds its plan in memory, a few KiB per order at most;
	// anything growing faster than that would show here long before 20,000.
	if limit := int64(200<<20) + int64(orders)*64<<10; rss > limit {
		t.Errorf("peak memory %d MiB for %d orders, over %d MiB", rss>>20, orders, limit>>20)
	}
	info, err := os.Stat(filepath.Join(w.dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	whmcsCalls, erCalls := w.wsrv.TotalCalls(), w.books.Calls("")

	out, rerun, rerunRSS, _ := w.runMeasured("sync")
	if m := summaryRe.FindStringSubmatch(out); m == nil || m[1] != "0" || m[5] != "0" {
		t.Fatalf("re-run summary: %q", lastLines(out, 3))
	}
	rerunWHMCS, rerunER := w.wsrv.TotalCalls()-whmcsCalls, w.books.Calls("")-erCalls
	if rerunWHMCS != 1 || rerunER > 1 {
		t.Errorf("a re-run with nothing new made %d WHMCS and %d e-računi calls, want 1 and at most 1", rerunWHMCS, rerunER)
	}

	// What the history screen reads: the newest page of runs, and the big
	// first run with all its orders.
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	runs, _, err := db.Runs(0, 200)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs: %d %v", len(runs), err)
	}
	page := time.Since(start)
	start = time.Now()
	big, err := db.Run(runs[1].ID)
	open := time.Since(start)
	db.Close()
	if err != nil || len(big.Orders) != orders {
		t.Fatalf("the first run holds %d orders (%v), want %d", len(big.Orders), err, orders)
	}
	t.Logf("RELIABILITY scale orders=%d clients=%d eligible=%d first_sync_s=%.1f peak_rss_mib=%.0f rusage_maxrss_mib=%.0f db_bytes=%d whmcs_calls=%d eracuni_calls=%d creates=%d rerun_s=%.2f rerun_rss_mib=%.0f rerun_whmcs_calls=%d rerun_eracuni_calls=%d runs_page_ms=%.2f open_big_run_ms=%.1f",
		orders, clients, len(want), first.Seconds(), float64(rss)/(1<<20), float64(maxrss)/(1<<20), info.Size(), whmcsCalls, erCalls,
		w.books.Calls(eracuni.MethodSalesOrderCreate), rerun.Seconds(), float64(rerunRSS)/(1<<20), rerunWHMCS, rerunER,
		float64(page.Microseconds())/1000, float64(open.Microseconds())/1000)
	if strings.Contains(out, "panic") {
		t.Fatal(out)
	}
}
