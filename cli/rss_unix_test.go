//go:build unix

package cli_test

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS is a finished process's peak resident memory in bytes, as the
// kernel counted it (Linux reports kilobytes, macOS bytes).
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
