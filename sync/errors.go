package sync

import (
	"errors"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
)

var (
	msgRejected = message.Define("sync.fail.rejected",
		"e-računi rejected order {{.order}}: {{.fields}}")
	msgUnexpected = message.Define("sync.fail.unexpected", "{{.error}}")
)

// orderError is a failure of one order, explained with the order's number.
type orderError struct {
	msg message.Message
	err error
}

func (e *orderError) Error() string            { return e.msg.String() }
func (e *orderError) Explain() message.Message { return e.msg }
func (e *orderError) Unwrap() error            { return e.err }

// rejected words an e-računi error for one order: validation errors list the
// fields e-računi named, anything else keeps the client's explanation.
func rejected(orderNum string, err error) error {
	var ee *eracuni.Error
	if errors.As(err, &ee) && ee.Kind == eracuni.KindValidation && len(ee.Fields) > 0 {
		return &orderError{msg: msgRejected.With("order", orderNum, "fields", ee.FieldsText()), err: err}
	}
	return err
}

// explainError is the message a person reads for err.
func explainError(err error) message.Message {
	if err == nil {
		return message.Message{}
	}
	var ex message.Explainer
	if errors.As(err, &ex) {
		return ex.Explain()
	}
	return msgUnexpected.With("error", err.Error())
}

// isSetup tells the errors that mean the configuration, a login or a
// permission is wrong, rather than one order.
func isSetup(err error) bool {
	if err == nil {
		return false
	}
	return eracuni.IsKind(err, eracuni.KindAuth) || eracuni.IsKind(err, eracuni.KindPrivileges) ||
		eracuni.IsKind(err, eracuni.KindConfig) || stopsRun(err)
}
