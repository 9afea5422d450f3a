//go:build !unix

package testnet

import "testing"

// refusedAddr falls back to port 1 (tcpmux), which nothing serves on a
// developer's machine and which an ephemeral :0 listener is never given.
func refusedAddr(testing.TB) string { return "127.0.0.1:1" }
