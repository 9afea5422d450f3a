package sync_test

import (
	"fmt"
	"strings"
	"testing"

	"whmcs-eracuni/sync"
)

// Credentials printed by mistake (a log line, %+v in a debug message) must
// not show a secret.
func TestCredentialsNeverPrintTheirSecrets(t *testing.T) {
	c := sync.Credentials{WHMCSSecret: "wh-s3cret", WHMCSAccessKey: "acc-k3y", ERacuniPassword: "er-pa55",
		ERacuniSecretKey: "er-k3y", ERacuniToken: "er-t0ken"}
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprint(&c)} {
		for _, secret := range []string{"wh-s3cret", "acc-k3y", "er-pa55", "er-k3y", "er-t0ken"} {
			if strings.Contains(out, secret) {
				t.Fatalf("printing credentials shows a secret: %q", out)
			}
		}
	}
}
