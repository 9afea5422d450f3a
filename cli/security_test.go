package cli_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/internal/testcert"
	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// secretForms are the secrets as any part of the app could leak them:
// as typed, and the md5pass e-računi receives.
func secretForms() []string {
	return []string{whSecret, erPass, erToken, eracuni.MD5Pass("micka", erPass)}
}

// readTree is every file under dir, concatenated.
func readTree(t *testing.T, dir string) (string, int) {
	t.Helper()
	var all bytes.Buffer
	n := 0
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			all.Write(b)
			n++
		}
		return nil
	})
	return all.String(), n
}

// After configure, check, preview, sync, history and a CSV export — run as
// real processes, with the secrets in their environment as a cron job has
// them — no secret is in the data folder, the CSV, any output (logs go to
// stderr) or the arguments of a running process.
func TestSecretsAppearNowhereAcrossCommandsAndProcesses(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.order("Active", "Paid")
	w.order("Pending", "Unpaid")
	csvPath := filepath.Join(w.dir, "export.csv")
	var outputs bytes.Buffer
	for _, args := range [][]string{{"check"}, {"preview", "--json"}, {"preview"}, {"sync", "-v"}, {"sync", "--json"},
		{"history"}, {"history", "--json"}, {"history", "--csv", csvPath}, {"configure", "--warehouse", "01"}} {
		cmd := w.child(args...)
		cmd.Env = append(cmd.Env, envFast+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		outputs.Write(out)
	}
	// Error paths: a refused secret, and a WHMCS error text that echoes the
	// request (some WAFs and PHP errors do).
	cmd := w.child("check")
	cmd.Env = append(cmd.Env, "WHMCS_API_SECRET=wrong-"+whSecret)
	out, _ := cmd.CombinedOutput()
	outputs.Write(out)
	w.wsrv.Reply("GetOrders", 0, 200, `{"result":"error","message":"Invalid request: action=GetOrders&identifier=cli-id&secret=`+whSecret+`"}`)
	out, _ = w.child("sync").CombinedOutput()
	outputs.Write(out)
	if !strings.Contains(string(out), "[hidden]") {
		t.Errorf("the echoed request was not shown redacted:\n%s", out)
	}
	w.wsrv.ClearFaults()

	// A running process: the secrets are in its environment by design, never
	// in its arguments (what ps shows to every user).
	w.esrv.Fault(eracuni.MethodSalesOrderCreate, 0, eracunitest.Stall)
	w.order("Active", "Paid")
	running := w.child("sync")
	running.Env = append(running.Env, envFast+"=1")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { running.Process.Kill(); running.Wait() })
	var cmdline []byte
	if runtime.GOOS == "linux" {
		waitFor(t, "the sync to be under way", func() bool { return w.esrv.Calls(eracuni.MethodSalesOrderCreate) > 0 })
		var err error
		if cmdline, err = os.ReadFile("/proc/" + strconv.Itoa(running.Process.Pid) + "/cmdline"); err != nil || len(cmdline) == 0 {
			t.Fatalf("cannot read the running process's arguments: %v", err)
		}
	}
	running.Process.Kill()
	running.Wait()

	csv, _ := os.ReadFile(csvPath)
	files, nfiles := readTree(t, w.dir)
	for _, s := range secretForms() {
		for name, text := range map[string]string{"the command output": outputs.String(), "the data folder": files,
			"the CSV export": string(csv), "the process arguments": string(cmdline)} {
			if strings.Contains(text, s) {
				t.Errorf("a secret (%d characters) appears in %s", len(s), name)
			}
		}
	}
	if outputs.Len() == 0 || nfiles < 2 || len(csv) == 0 {
		t.Fatalf("nothing was checked: %d bytes of output, %d files, %d bytes of CSV", outputs.Len(), nfiles, len(csv))
	}
}

func TestForgetCredentialsEmptiesTheKeyring(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.secrets.Set(t.Context(), store.DefaultProfile, store.SecretWHMCSAccessKey, "access-key-1234")
	w.secrets.Set(t.Context(), store.DefaultProfile, store.SecretERacuniSecretKey, "secret-key-5678")
	// It works while the data folder is in use: it needs only the keyring.
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := w.run("configure", "--forget-credentials")
	db.Close()
	if code != 0 || !strings.Contains(out, "Removed the stored secrets") {
		t.Fatalf("--forget-credentials: exit %d\n%s%s", code, out, errs)
	}
	for _, name := range store.AllSecrets {
		if v, err := w.secrets.Get(t.Context(), store.DefaultProfile, name); !errors.Is(err, store.ErrSecretNotFound) {
			t.Errorf("%s is still in the keyring (%d characters, err %v)", name, len(v), err)
		}
	}
	for _, s := range append(secretForms(), "access-key-1234", "secret-key-5678") {
		if strings.Contains(out+errs, s) {
			t.Error("forgetting printed a secret")
		}
	}
	// The settings stay; a sync now asks for the secrets again.
	code, _, errs = w.run("sync")
	if code != cli.ExitConfig || !strings.Contains(errs, "not set up yet") {
		t.Fatalf("sync after forgetting: exit %d %q", code, errs)
	}
	if s := w.settings(); s.WHMCSURL != w.wsrv.URL {
		t.Fatalf("forgetting the secrets lost the settings: %+v", s)
	}
	// Forget and store new ones in one go (a leaked secret being replaced).
	w.env["WHMCS_API_SECRET"], w.env["ERACUNI_PASSWORD"], w.env["ERACUNI_TOKEN"] = whSecret, erPass, erToken
	if code, out, errs := w.run("configure", "--forget-credentials"); code != 0 || !strings.Contains(out, "Stored in the system keyring") {
		t.Fatalf("forget and store: exit %d\n%s%s", code, out, errs)
	}
	w.env = map[string]string{}
	if v, err := w.secrets.Get(t.Context(), store.DefaultProfile, store.SecretWHMCSSecret); err != nil || v != whSecret {
		t.Fatalf("the new secret was not stored: %v", err)
	}
	if _, err := w.secrets.Get(t.Context(), store.DefaultProfile, store.SecretWHMCSAccessKey); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("the old access key survived: %v", err)
	}
}

func (w *world) settings() store.Settings {
	w.t.Helper()
	db, err := store.Open(w.dir)
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	s, _, err := db.Settings()
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// Plain http is refused for anything but this computer, by both clients,
// through the same Connect the GUI and the command line use.
func TestPlainHTTPIsRefusedExceptOnThisComputer(t *testing.T) {
	creds := sync.Credentials{WHMCSSecret: whSecret, ERacuniPassword: erPass, ERacuniToken: erToken}
	base := store.DefaultSettings(time.Now())
	base.WHMCSIdentifier, base.ERacuniUsername = "cli-id", "micka"
	cases := []struct {
		whmcsURL, eracuniURL string
		key                  string // "" means accepted
	}{
		{"http://shop.example.com/whmcs", "https://e-racuni.com/WebServicesSI/API", "whmcs.https_required"},
		{"http://192.168.1.10", "https://e-racuni.com/WebServicesSI/API", "whmcs.https_required"},
		{"https://shop.example.com", "http://e-racuni.com/WebServicesSI/API", "eracuni.config.endpoint_https"},
		{"https://shop.example.com", "http://10.0.0.5:8080/WebServicesSI/API", "eracuni.config.endpoint_https"},
		{"http://127.0.0.1:8080", "http://localhost:9090/WebServicesSI/API", ""},
		{"http://[::1]:8080", "http://127.0.0.2/WebServicesSI/API", ""},
		{"https://shop.example.com", "https://e-racuni.com/WebServicesSI/API", ""},
	}
	for _, tc := range cases {
		s := base
		s.WHMCSURL, s.ERacuniEndpoint = tc.whmcsURL, tc.eracuniURL
		_, _, err := sync.Connect(s, creds)
		var ex message.Explainer
		switch {
		case tc.key == "" && err != nil:
			t.Errorf("%s + %s refused: %v", tc.whmcsURL, tc.eracuniURL, err)
		case tc.key != "" && (!errors.As(err, &ex) || ex.Explain().Key != tc.key):
			t.Errorf("%s + %s: %v, want %s", tc.whmcsURL, tc.eracuniURL, err, tc.key)
		case tc.key != "" && !strings.Contains(err.Error(), "https://"):
			t.Errorf("the refusal does not say what to use instead: %v", err)
		}
	}
	// The command line says the same and stops before any network call.
	w := newWorld(t)
	w.configure()
	w.run("configure", "--whmcs-url", "http://shop.example.com")
	code, _, errs := w.run("check")
	if code != cli.ExitConfig || !strings.Contains(errs, "starts with http://") {
		t.Fatalf("check with an http address: exit %d %q", code, errs)
	}
}

// Both clients refuse a server whose certificate they cannot verify, and the
// command line explains it.
func TestUntrustedCertificateIsExplainedByCheck(t *testing.T) {
	w := newWorld(t)
	w.configure()
	wTLS := testcert.SelfSigned(whmcstest.New(w.shop).Handler())
	defer wTLS.Close()
	if code, out, errs := w.run("configure", "--whmcs-url", wTLS.URL); code != 0 {
		t.Fatalf("configure: %d %s%s", code, out, errs)
	}
	code, out, _ := w.run("check")
	if code != cli.ExitConfig || !strings.Contains(out, "certificate of "+strings.TrimPrefix(wTLS.URL, "https://")+" is not trusted") ||
		!strings.Contains(out, "does not skip this check") {
		t.Fatalf("check against WHMCS with a self-signed certificate: exit %d\n%s", code, out)
	}
	if wTLS.Requests.Load() != 0 {
		t.Fatal("a request went past a certificate that could not be verified")
	}

	books := eracunitest.New(eracunitest.Config{Accounts: []eracunitest.Account{{Username: "micka", Password: erPass, Token: erToken}}, Limit: -1})
	eTLS := testcert.SelfSigned(books.Handler())
	defer eTLS.Close()
	w.run("configure", "--whmcs-url", w.wsrv.URL, "--eracuni-url", eTLS.URL+eracunitest.Path)
	code, out, _ = w.run("check")
	if code != cli.ExitConfig || !strings.Contains(out, "certificate of "+strings.TrimPrefix(eTLS.URL, "https://")+" is not trusted") {
		t.Fatalf("check against e-računi with a self-signed certificate: exit %d\n%s", code, out)
	}
	w.order("Active", "Paid")
	if code, _, errs := w.run("sync"); code != cli.ExitConfig || !strings.Contains(errs, "does not skip this check") {
		t.Fatalf("sync against e-računi with a self-signed certificate: exit %d\n%s", code, errs)
	}
	if eTLS.Requests.Load() != 0 || len(books.Documents()) != 0 {
		t.Fatal("something reached e-računi past a certificate that could not be verified")
	}
}
