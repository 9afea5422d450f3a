// Package testnet gives tests a loopback address where a connection is
// refused. Closing a test server does not give one: between Close and the
// dial, another test process (go test runs packages in parallel) can be
// handed the same ephemeral port, and the dial then reaches a stranger.
package testnet

import "testing"

// RefusedAddr returns "127.0.0.1:PORT" where every connection is refused for
// as long as the test runs.
func RefusedAddr(t testing.TB) string {
	t.Helper()
	return refusedAddr(t)
}
