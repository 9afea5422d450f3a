package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FuzzSettingsRecord stores arbitrary bytes as the settings record, as a
// damaged disk, another build or a hand edit might leave it, and reads the
// settings back. Whatever the bytes, Settings must not panic; it either
// refuses them with an explained error (*CorruptError, *RecordVersionError)
// or returns settings that survive a save and a read unchanged.
// Seeds: testdata/fuzz/FuzzSettingsRecord and the f.Add calls below.
func FuzzSettingsRecord(f *testing.F) {
	good, _ := json.Marshal(settingsRecord{V: recordVersion, Settings: DefaultSettings(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))})
	f.Add(good)
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":2,"whmcs_url":"https://x"}`))
	f.Add([]byte(`{"whmcs_url":"https://x"}`))
	f.Add([]byte(`{"v":1,"vat_rate":"9.5","statuses":["Active","In Review"],"payment_methods":null,"interval":3600000000000}`))
	f.Add([]byte(`{"v":1,"vat_rate":"1e400","interval":1e30}`))
	f.Add([]byte(`{"v":1,"payment_methods":{"paypal":"","":"X"},"since":"\u202e2026"}`))
	f.Add([]byte("{\"v\":1,\"whmcs_identifier\":\"\xff\xfe\"}"))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(``))

	db, err := Open(filepath.Join(f.TempDir(), "data"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	db.bolt.NoSync = true // thousands of writes a second; durability is not under test
	db.Now = func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

	f.Fuzz(func(t *testing.T, raw []byte) {
		if err := db.bolt.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSettings).Put(keySettings, raw)
		}); err != nil {
			// bbolt refuses an empty key or a huge value; nothing to read back.
			return
		}
		s, saved, err := db.Settings()
		if err != nil {
			var corrupt *CorruptError
			var newer *RecordVersionError
			if !errors.As(err, &corrupt) && !errors.As(err, &newer) {
				t.Fatalf("settings %q: unexplained error %T: %v", raw, err, err)
			}
			if err.Error() == "" {
				t.Fatalf("settings %q: an empty error message", raw)
			}
			return
		}
		if !saved {
			t.Fatalf("settings %q: read as never saved", raw)
		}
		if err := db.SaveSettings(s); err != nil {
			t.Fatalf("settings read from %q cannot be saved again: %v", raw, err)
		}
		again, _, err := db.Settings()
		if err != nil {
			t.Fatalf("settings saved from %q cannot be read again: %v", raw, err)
		}
		a, _ := json.Marshal(s)
		b, _ := json.Marshal(again)
		if !bytes.Equal(a, b) {
			t.Fatalf("settings changed on a save and read:\nfirst  %s\nsecond %s", a, b)
		}
	})
}
