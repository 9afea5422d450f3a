package cli

import "fmt"

// Demo describes the built-in demo shop handed to the GUI.
type Demo struct {
	WHMCSURL, WHMCSIdentifier, WHMCSSecret                     string
	ERacuniURL, ERacuniUsername, ERacuniPassword, ERacuniToken string
}

func runDemo(c *invocation, args []string) int {
	fmt.Fprintln(c.env.Stderr, "the demo is not available in this build yet")
	return ExitConfig
}
