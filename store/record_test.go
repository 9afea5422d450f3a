package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestStoredValuesAreVersionedJSON(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.SaveSettings(DefaultSettings(time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := db.PutEntry(Entry{Kind: "order", ID: 7, State: StateDone}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRun(Run{ID: "r1", Orders: []RunOrder{{ID: 7}}}); err != nil {
		t.Fatal(err)
	}
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		for _, v := range []struct {
			bucket []byte
			key    []byte
		}{
			{bucketSettings, keySettings},
			{bucketLedger, ledgerKey("order", 7)},
			{bucketRuns, seqKey(1)},
			{bucketRunOrders, seqKey(1)},
		} {
			raw := tx.Bucket(v.bucket).Get(v.key)
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Errorf("%s: not JSON: %s", v.bucket, raw)
				continue
			}
			if m["v"] != float64(1) {
				t.Errorf("%s: no \"v\":1 in %s", v.bucket, raw)
			}
		}
		// The summary does not carry the orders: listing stays light.
		if bytes.Contains(tx.Bucket(bucketRuns).Get(seqKey(1)), []byte(`"orders"`)) {
			t.Error("run summary holds the orders")
		}
		return nil
	})
}

func TestNewerRecordVersionIsRefused(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.SaveRun(Run{ID: "r1"}); err != nil {
		t.Fatal(err)
	}
	newer := []byte(`{"v":2,"kind":"order","id":9,"state":"archived"}`)
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketSettings).Put(keySettings, newer); err != nil {
			return err
		}
		if err := tx.Bucket(bucketRuns).Put(seqKey(1), []byte(`{"v":3,"run_id":"r1"}`)); err != nil {
			return err
		}
		return tx.Bucket(bucketLedger).Put(ledgerKey("order", 9), newer)
	}); err != nil {
		t.Fatal(err)
	}

	check := func(what string, err error, version int) {
		t.Helper()
		var rv *RecordVersionError
		if !errors.As(err, &rv) || rv.Version != version {
			t.Fatalf("%s: err = %v, want *RecordVersionError{%d}", what, err, version)
		}
		if !strings.Contains(err.Error(), "newer version of whmcs-eracuni") {
			t.Fatalf("%s: message %q", what, err)
		}
	}
	_, _, err := db.Settings()
	check("Settings", err, 2)
	_, _, err = db.Entry("order", 9)
	check("Entry", err, 2)
	check("Entries", db.Entries("order", func(Entry) bool { return true }), 2)
	_, err = db.CountEntries("order")
	check("CountEntries", err, 2)
	_, _, err = db.Runs(0, 10)
	check("Runs", err, 3)
	_, err = db.Run("r1")
	check("Run", err, 3)
	// Writing over a newer entry would lose what the newer build knew.
	check("PutEntry", db.PutEntry(Entry{Kind: "order", ID: 9, State: StateDone}), 2)
}

func TestRecordWithoutVersionIsCorrupt(t *testing.T) {
	db, _ := openTemp(t)
	_ = db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLedger).Put(ledgerKey("order", 3), []byte(`{"kind":"order","id":3}`))
	})
	_, _, err := db.Entry("order", 3)
	var corrupt *CorruptError
	if !errors.As(err, &corrupt) {
		t.Fatalf("err = %v, want *CorruptError", err)
	}
}

func TestOlderSettingsRecordGetsDefaultsForMissingFields(t *testing.T) {
	// A record from a build that had fewer fields: what it lacks starts at
	// the default, what it has is kept.
	db, _ := openTemp(t)
	_ = db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(keySettings, []byte(`{"v":1,"whmcs_url":"https://x.example","reverse_charge_eu":false}`))
	})
	s, saved, err := db.Settings()
	if err != nil || !saved {
		t.Fatalf("saved=%v err=%v", saved, err)
	}
	if s.WHMCSURL != "https://x.example" || s.ReverseChargeEU || s.HistoryLimit != 200 || s.PaymentMethods["stripe"] != "Stripe" {
		t.Fatalf("settings = %+v", s)
	}
}
