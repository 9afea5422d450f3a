//go:build !linux

package ui

// trayHostAvailable: Windows and macOS always have a notification area or
// menu bar for the tray icon.
func trayHostAvailable() bool { return true }
