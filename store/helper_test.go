package store

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The tests that need a second process re-run this test binary with
// STORE_HELPER set; TestHelperProcess then plays that process.
const (
	helperRoleEnv = "STORE_HELPER"
	helperDirEnv  = "STORE_HELPER_DIR"
)

func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperRoleEnv)
	if role == "" {
		return // an ordinary test run
	}
	db, err := Open(os.Getenv(helperDirEnv))
	if err != nil {
		os.Stdout.WriteString("open failed: " + err.Error() + "\n")
		os.Exit(1)
	}
	switch role {
	case "hold":
		os.Stdout.WriteString("ready\n")
	case "write-pending":
		if err := db.PutEntry(Entry{Kind: "order", ID: 4242, Number: "9180274465", State: StatePending, Attempts: 1}); err != nil {
			os.Stdout.WriteString("write failed: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("written\n")
	}
	// Block until the parent kills us or closes stdin (if the parent dies,
	// the pipe closes and this process does not linger).
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// startHelper runs the helper in role on dir and waits for its first line.
func startHelper(t *testing.T, role, dir, want string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperRoleEnv+"="+role, helperDirEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	// stderr is only read once the child has exited: exec copies into it
	// from another goroutine while the child runs.
	fail := func(format string, args ...any) {
		t.Helper()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf(format+"; helper stderr: %s", append(args, stderr.String())...)
	}
	select {
	case got := <-line:
		if got != want {
			fail("helper %s said %q, want %q", role, got, want)
		}
	case <-time.After(30 * time.Second): // a guard against a hung child, not a timing assumption
		fail("helper %s did not report within 30s", role)
	}
	return cmd
}
