// Command whmcs-eracuni moves a hosting company's WHMCS orders into e-računi.
// With no arguments it opens the desktop app; subcommands serve servers and cron.
package main

import (
	"os"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/ui"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System(ui.Run)))
}
