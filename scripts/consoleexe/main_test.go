package main

import (
	"debug/pe"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// buildWindows cross-compiles a tiny Windows program (no cgo, seconds).
func buildWindows(t *testing.T, ldflags string) []byte {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() { println(\"hello\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "hello.exe")
	cmd := exec.Command("go", "build", "-ldflags", ldflags, "-o", exe, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGUIExecutableBecomesAConsoleOneAndNothingElseChanges(t *testing.T) {
	gui := buildWindows(t, "-H=windowsgui")
	console, err := toConsole(gui)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := subsystem(console); got != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI {
		t.Fatalf("subsystem %d, want console", got)
	}
	if got, _ := subsystem(gui); got != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Fatal("the GUI executable itself was changed")
	}
	diff := 0
	for i := range gui {
		if gui[i] != console[i] {
			diff++
		}
	}
	if len(gui) != len(console) || diff != 1 {
		t.Fatalf("%d bytes differ (sizes %d, %d), want only the subsystem's", diff, len(gui), len(console))
	}
}

func TestOnlyAGUIExecutableIsAccepted(t *testing.T) {
	if _, err := toConsole(buildWindows(t, "")); err == nil {
		t.Error("a console executable was accepted")
	}
	if _, err := toConsole([]byte("MZ not really")); err == nil {
		t.Error("a broken file was accepted")
	}
}
