package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestConfigureChangesOnlyGivenFlagsAndKeepsSecretsInTheKeyring(t *testing.T) {
	w := newWorld(t)
	w.configure("--warehouse", "01", "--vat-rate", "9.5")
	code, out, errs := w.run("configure", "--cost-centre", "WEB")
	if code != 0 || !strings.Contains(out, "check") {
		t.Fatalf("configure: exit %d %q %q", code, out, errs)
	}
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := db.Settings()
	db.Close()
	if s.WHMCSURL != w.wsrv.URL || s.Warehouse != "01" || s.CostCentre != "WEB" || s.VATRate.String() != "9.5" {
		t.Fatalf("settings after two configures: %+v", s)
	}
	for name, want := range map[string]string{store.SecretWHMCSSecret: whSecret, store.SecretERacuniPassword: erPass, store.SecretERacuniToken: erToken} {
		if got, err := w.secrets.Get(t.Context(), store.DefaultProfile, name); err != nil || got != want {
			t.Errorf("keyring %s: %q %v", name, got, err)
		}
	}
	if code, _, errs := w.run("configure", "--since", "yesterday"); code != cli.ExitConfig || !strings.Contains(errs, "YYYY-MM-DD") {
		t.Fatalf("bad date: exit %d %q", code, errs)
	}
}

func TestCheckExplainsAndSetsTheExitCode(t *testing.T) {
	w := newWorld(t)
	w.configure()
	code, out, errs := w.run("check")
	if code != 0 || !strings.Contains(out, "Ready to sync") {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	// Only the optional permission missing: a warning, exit 0.
	w.shop.AddCredential("cli-id", whSecret, "getorders", "getclientsdetails")
	code, out, _ = w.run("check")
	if code != 0 || !strings.Contains(out, "warn") || !strings.Contains(out, "GetInvoice") {
		t.Fatalf("check without GetInvoice: exit %d\n%s", code, out)
	}
	w.shop.AddCredential("cli-id", whSecret, "getorders")
	code, out, _ = w.run("check")
	if code != cli.ExitConfig || !strings.Contains(out, "GetClientsDetails") || !strings.Contains(out, "API Roles") {
		t.Fatalf("check without GetClientsDetails: exit %d\n%s", code, out)
	}
	w.env["WHMCS_API_SECRET"] = "wrong"
	code, out, _ = w.run("check")
	if code != cli.ExitConfig || !strings.Contains(out, "FAIL") || strings.Contains(out, "wrong") {
		t.Fatalf("check with a wrong secret: exit %d\n%s", code, out)
	}
}

func TestSyncJSONFollowsTheContract(t *testing.T) {
	w := newWorld(t)
	w.configure()
	paid := w.order("Active", "Paid")
	w.order("Fraud", "Unpaid")
	code, out, errs := w.run("preview", "--json")
	if code != 0 {
		t.Fatalf("preview: exit %d %s", code, errs)
	}
	var pv map[string]any
	if err := json.Unmarshal([]byte(out), &pv); err != nil {
		t.Fatalf("preview --json is not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"run_id", "dry_run", "created", "invoiced", "skipped", "already", "failed", "orders"} {
		if _, ok := pv[k]; !ok {
			t.Errorf("preview JSON lacks %q", k)
		}
	}
	if pv["dry_run"] != true || pv["created"] != 1.0 || pv["skipped"] != 1.0 {
		t.Fatalf("preview JSON %v", pv)
	}
	if w.esrv.Calls(eracuni.MethodSalesOrderCreate) != 0 {
		t.Fatal("preview created a document")
	}
	code, out, _ = w.run("sync", "--json")
	var sy struct {
		RunID   string `json:"run_id"`
		DryRun  bool   `json:"dry_run"`
		Created int    `json:"created"`
		Orders  []struct {
			ID       int64  `json:"whmcs_order_id"`
			OrderNum string `json:"ordernum"`
			Action   string `json:"action"`
			Reason   string `json:"reason"`
			DocID    string `json:"document_id"`
			DocNum   string `json:"document_number"`
			Error    string `json:"error"`
		} `json:"orders"`
	}
	if err := json.Unmarshal([]byte(out), &sy); err != nil || code != 0 {
		t.Fatalf("sync --json: exit %d err %v\n%s", code, err, out)
	}
	if sy.DryRun || sy.Created != 1 || len(sy.Orders) != 2 {
		t.Fatalf("sync JSON %+v", sy)
	}
	for _, o := range sy.Orders {
		if o.ID == paid && (o.Action != "create" || o.DocID == "" || o.DocNum == "" || o.OrderNum == "") {
			t.Fatalf("created order in JSON: %+v", o)
		}
	}
	code, out, _ = w.run("sync", "--json")
	if code != 0 || !strings.Contains(out, `"created": 0`) {
		t.Fatalf("second sync: exit %d\n%s", code, out)
	}
}

func TestExitCodes(t *testing.T) {
	w := newWorld(t)
	if code, _, errs := w.run("sync"); code != cli.ExitConfig || !strings.Contains(errs, "not set up yet") {
		t.Fatalf("unconfigured sync: exit %d %q", code, errs)
	}
	w.configure("--warehouse", "01")
	w.esrv.Close()
	w.esrv = eracunitest.NewServer(eracunitest.Config{Accounts: []eracunitest.Account{{Username: "micka", Password: erPass, Token: erToken}},
		Warehouses: []string{"02"}, Limit: -1})
	defer w.esrv.Close()
	w.run("configure", "--eracuni-url", w.esrv.URL)
	w.order("Active", "Paid")
	code, out, errs := w.run("sync")
	if code != cli.ExitPartial || !strings.Contains(out, "e-računi rejected order") {
		t.Fatalf("a rejected order: exit %d\n%s%s", code, out, errs)
	}
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if code, _, errs := w.run("sync"); code != cli.ExitLocked || !strings.Contains(errs, "already running") {
		t.Fatalf("data folder in use: exit %d %q", code, errs)
	}
}

func TestHistoryListsRunsAndExportsCSV(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.order("Active", "Paid")
	w.run("preview")
	w.run("sync")
	code, out, _ := w.run("history", "--json")
	var runs []map[string]any
	if err := json.Unmarshal([]byte(out), &runs); err != nil || code != 0 || len(runs) != 2 {
		t.Fatalf("history --json: exit %d err %v\n%s", code, err, out)
	}
	if runs[0]["dry_run"] != false || runs[1]["dry_run"] != true {
		t.Fatalf("history is not newest first with previews marked: %v", runs)
	}
	id := runs[0]["run_id"].(string)
	code, out, _ = w.run("history", "--run", id, "--json")
	if code != 0 || !strings.Contains(out, `"orders"`) {
		t.Fatalf("history --run: exit %d\n%s", code, out)
	}
	csvPath := filepath.Join(t.TempDir(), "run.csv")
	if code, _, errs := w.run("history", "--run", id, "--csv", csvPath); code != 0 {
		t.Fatalf("csv export: exit %d %s", code, errs)
	}
	b, _ := os.ReadFile(csvPath)
	if lines := strings.Count(string(b), "\n"); lines != 2 || !strings.HasPrefix(string(b), "run_id,whmcs_order_id") {
		t.Fatalf("csv:\n%s", b)
	}
	if code, _, errs := w.run("history", "--run", "nope"); code != cli.ExitConfig || !strings.Contains(errs, "no run") {
		t.Fatalf("unknown run: exit %d %q", code, errs)
	}
}

// Secrets must not reach the data folder, the history, exports or output.
func TestSecretsAppearNowhere(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.order("Active", "Paid")
	var outputs strings.Builder
	csvPath := filepath.Join(w.dir, "export.csv")
	for _, args := range [][]string{{"check"}, {"preview", "--json"}, {"sync"}, {"history"}, {"history", "--json"}, {"history", "--csv", csvPath}} {
		_, out, errs := w.run(args...)
		outputs.WriteString(out + errs)
	}
	w.env["WHMCS_API_SECRET"] = "wrong-" + whSecret // an error path that must not echo it
	_, out, errs := w.run("check")
	outputs.WriteString(out + errs)
	var files strings.Builder
	filepath.Walk(w.dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			files.Write(b)
		}
		return nil
	})
	for _, secret := range []string{whSecret, erPass, erToken, eracuni.MD5Pass("micka", erPass)} {
		if strings.Contains(outputs.String(), secret) {
			t.Errorf("a secret appeared in the command output")
		}
		if strings.Contains(files.String(), secret) {
			t.Errorf("a secret appeared in the data folder")
		}
	}
	if files.Len() == 0 || outputs.Len() == 0 {
		t.Fatal("nothing was checked")
	}
}

func TestCheckRequiresInvoicePermissionsOnlyWhenInvoiceImportIsOn(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.shop.AddCredential("cli-id", whSecret, "getorders", "getclientsdetails")
	if code, out, _ := w.run("check"); code != 0 {
		t.Fatalf("invoice import off, GetInvoices missing: exit %d\n%s", code, out)
	}
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := db.Settings()
	s.Invoices.Enabled = true
	db.SaveSettings(s)
	db.Close()
	code, out, _ := w.run("check")
	if code != cli.ExitConfig || !strings.Contains(out, "GetInvoices") {
		t.Fatalf("invoice import on, GetInvoices missing: exit %d\n%s", code, out)
	}
}

func TestConfigureSetsTheRenewalInvoiceOptions(t *testing.T) {
	w := newWorld(t)
	w.configure()
	code, _, errs := w.run("configure", "--invoices", "--invoices-as", "sales-orders", "--invoices-unpaid",
		"--invoices-since", "2026-10-01", "--invoices-add-funds")
	if code != 0 {
		t.Fatalf("configure: exit %d %s", code, errs)
	}
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := db.Settings()
	db.Close()
	inv := s.Invoices
	if !inv.Enabled || !inv.AsSalesOrders || !inv.IncludeUnpaid || inv.Since != "2026-10-01" || !inv.IncludeAddFunds {
		t.Fatalf("invoice options after configure: %+v", inv)
	}
	if code, _, errs := w.run("configure", "--invoices-as", "receipts"); code != cli.ExitConfig || !strings.Contains(errs, "sales-invoices or sales-orders") {
		t.Fatalf("a bad --invoices-as: exit %d %q", code, errs)
	}
}
