package whmcs

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readSeed reads a body from the fuzz seed corpus ("go test fuzz v1" files).
func readSeed(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fuzz", name))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[1])
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return []byte(s)
}
