package store

import (
	"encoding/json"
	"fmt"
)

// Every stored value that holds data (settings, ledger entries, runs, run
// orders) is a JSON object with a format version beside its fields:
//
//	{"v":1,"kind":"order","id":57,"state":"done",...}
//
// "v" changes only when a field changes meaning or shape; adding a field
// does not need a new "v" (older values decode with that field at its
// default). A build that meets a "v" newer than it knows refuses the value
// with *RecordVersionError instead of guessing. Struct fields and "v" share
// one object because the record type embeds the public struct.
const recordVersion = 1

type versionProbe struct {
	V int `json:"v"`
}

// encodeRecord marshals rec, which must be a struct with a `json:"v"` field
// set to recordVersion.
func encodeRecord(rec any) ([]byte, error) { return json.Marshal(rec) }

// decode checks the envelope's version and then unmarshals raw into rec.
func (db *DB) decode(what string, raw []byte, rec any) error {
	var p versionProbe
	if err := json.Unmarshal(raw, &p); err != nil {
		return &CorruptError{Path: db.path, Reason: fmt.Sprintf("a stored %s is not valid JSON: %v", what, err), Err: err}
	}
	if p.V > recordVersion {
		return &RecordVersionError{What: what, Version: p.V}
	}
	if p.V < 1 {
		return &CorruptError{Path: db.path, Reason: fmt.Sprintf("a stored %s has no format version", what)}
	}
	if err := json.Unmarshal(raw, rec); err != nil {
		return &CorruptError{Path: db.path, Reason: fmt.Sprintf("a stored %s cannot be decoded: %v", what, err), Err: err}
	}
	return nil
}
