package ui

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

// trayHostAvailable reports whether a StatusNotifierItem host runs: Fyne's
// tray speaks only that protocol on Linux, so without the watcher (plain
// GNOME, MATE, a bare X server) no icon appears and a hidden window could
// never be brought back.
func trayHostAvailable() bool {
	// Without a session bus address godbus would launch a bus of its own
	// (dbus-launch) and leave it running; there is no tray then anyway.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if _, err := os.Stat(filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "bus")); os.Getenv("XDG_RUNTIME_DIR") == "" || err != nil {
			return false
		}
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var has bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0,
		"org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
