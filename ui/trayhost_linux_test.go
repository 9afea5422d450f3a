package ui

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a D-Bus session daemon of the test's own and points
// the session bus address at it.
func privateBus(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon is not installed (apt install dbus); CI installs it")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
}

// The tray host check asks the session bus whether anyone owns the
// StatusNotifierWatcher name, the one thing Fyne's Linux tray needs.
func TestTrayHostIsTheStatusNotifierWatcherOnTheSessionBus(t *testing.T) {
	privateBus(t)
	if trayHostAvailable() {
		t.Fatal("a tray host was found on a bus where no panel runs")
	}
	panel, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer panel.Close()
	if reply, err := panel.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("claiming the watcher name: %v %v", reply, err)
	}
	if !trayHostAvailable() {
		t.Fatal("the running StatusNotifierWatcher was not found")
	}
	if _, err := panel.ReleaseName("org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if trayHostAvailable() {
		t.Fatal("a tray host was still found after the panel left")
	}
}

// With no session bus at all (a bare X server, a service) there is no tray,
// and the check must not start a bus of its own.
func TestNoSessionBusMeansNoTrayHost(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	// godbus would run dbus-launch to make a bus; this one only leaves a mark.
	bin := t.TempDir()
	mark := filepath.Join(bin, "launched")
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte("#!/bin/sh\ntouch '"+mark+"'\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if trayHostAvailable() {
		t.Fatal("a tray host was found with no session bus")
	}
	if _, err := os.Stat(mark); err == nil {
		t.Fatal("the check launched a session bus of its own")
	}
}
