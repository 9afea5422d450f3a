package cli

import (
	"errors"

	"whmcs-eracuni/sync/message"
)

// explain gives the English text a person should read for err: the
// explained message when the error carries one, the error text otherwise.
func explain(err error) string {
	var ex message.Explainer
	if errors.As(err, &ex) {
		return ex.Explain().String()
	}
	return err.Error()
}
