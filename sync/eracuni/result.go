package eracuni

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"time"
)

const (
	msgNoDocumentID = "e-računi answered without a document ID"
	msgBadList      = "a list answer that is not a list"
)

// list runs one list method over a date window.
func (a *API) list(ctx context.Context, method, from, to, referenceField string) ([]Listed, error) {
	f, errF := time.Parse(time.DateOnly, from)
	t, errT := time.Parse(time.DateOnly, to)
	if errF != nil || errT != nil || t.Before(f) {
		return nil, configError(msgDateWindow.With("from", oneLine(truncate(from, 40)), "to", oneLine(truncate(to, 40))))
	}
	result, err := a.call(ctx, method, map[string]any{ParamDateFrom: from, ParamDateTo: to})
	if err != nil {
		return nil, err
	}
	rows, ok := listRows(result)
	if !ok {
		return nil, a.badAnswer(method, msgBadList, result)
	}
	out := make([]Listed, 0, len(rows))
	for _, r := range rows {
		out = append(out, Listed{
			DocumentID: scalar(r[ResultDocumentID]),
			Number:     scalar(r[ResultNumber]),
			Date:       scalar(r[ResultDate]),
			Reference:  scalar(r[referenceField]),
		})
	}
	return out, nil
}

// document reads a create's result. An "ok" without a document ID leaves
// the outcome unknown: the document may exist, so it must be looked up.
func (a *API) document(method string, result json.RawMessage) (Document, error) {
	var r map[string]json.RawMessage
	if json.Unmarshal(result, &r) != nil || scalar(r[ResultDocumentID]) == "" {
		return Document{}, &Error{Kind: KindOutcomeUnknown, Method: method,
			msg: msgOutcomeUnknown.With("action", action(method), "method", method, "cause", msgNoDocumentID)}
	}
	return Document{
		DocumentID: scalar(r[ResultDocumentID]),
		Number:     scalar(r[ResultNumber]),
		Date:       scalar(r[ResultDate]),
	}, nil
}

func (a *API) badAnswer(method, what string, result json.RawMessage) *Error {
	return &Error{Kind: KindNotERacuni, Method: method, Status: 200,
		msg: msgNotERacuni.With("endpoint", a.shown, "status", "200",
			"excerpt", what+": "+truncate(a.red.clean(string(result)), maxExcerpt))}
}

// listRows accepts the shapes a list may come in: an array of rows, null
// (nothing found), an object wrapping one array, or a single row.
func listRows(result json.RawMessage) ([]map[string]json.RawMessage, bool) {
	result = bytes.TrimSpace(result)
	if len(result) == 0 || string(result) == "null" {
		return nil, true
	}
	var rows []map[string]json.RawMessage
	if json.Unmarshal(result, &rows) == nil {
		return rows, true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(result, &obj) != nil {
		return nil, false
	}
	if _, ok := obj[ResultDocumentID]; ok {
		return []map[string]json.RawMessage{obj}, true
	}
	if len(obj) == 1 {
		for _, v := range obj {
			return listRows(v)
		}
	}
	return nil, false
}

// scalar gives a JSON string or number as text; anything else as "".
func scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return strings.TrimSpace(s)
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}
