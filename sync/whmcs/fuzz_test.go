package whmcs

import (
	"net/http"
	"strings"
	"testing"
)

const (
	fuzzSecret = "FuzzSecret123"
	fuzzKey    = "FuzzKey456"
)

// fuzzDecode runs what the client does with an answer, for several
// statuses: classify, then decode, then hide secrets. It must never panic,
// must return only *Error, and no error may show the secret or access key.
func fuzzDecode(t *testing.T, action string, body []byte, decode func([]byte) error) {
	a, err := New(Config{URL: "https://shop.example.com", Identifier: "fuzz", Secret: fuzzSecret, AccessKey: fuzzKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, status := range []int{200, 302, 403, 503} {
		data, e, _ := a.classify(action, status, http.Header{"Location": {"https://x.example/login?" + string(body)}}, body,
			subject{noun: "record", id: "1", what: "record 1"})
		var err error
		if e != nil {
			err = e
		} else {
			err = a.scrub(decode(data))
		}
		if err == nil {
			continue
		}
		if _, ok := err.(*Error); !ok {
			t.Fatalf("status %d: %T is not *Error", status, err)
		}
		if s := err.Error(); strings.Contains(s, fuzzSecret) || strings.Contains(s, fuzzKey) {
			t.Fatalf("status %d: secret in %q", status, s)
		}
	}
	// The decoders on their own, for bodies classify would have refused.
	_ = decode(body)
}

func FuzzDecodeOrders(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, "GetOrders", body, func(b []byte) error {
			page, err := decodeOrdersPage(b)
			if err == nil {
				seen := 0
				for _, o := range page.items {
					if o.Items == nil {
						t.Fatal("nil items")
					}
					seen++
				}
				if seen != page.returned {
					t.Fatalf("returned %d, decoded %d", page.returned, seen)
				}
			}
			return err
		})
	})
}

func FuzzDecodeClient(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, "GetClientsDetails", body, func(b []byte) error { _, err := decodeClient(b); return err })
	})
}

func FuzzDecodeInvoice(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, "GetInvoice", body, func(b []byte) error { _, err := decodeInvoice(b); return err })
	})
}

// The notes' examples, from the seed corpus, decode to what the notes say.
func TestNotesExamplesDecode(t *testing.T) {
	a, _ := New(Config{URL: "https://shop.example.com", Identifier: "i", Secret: "s-123456"})
	read := func(name string) []byte {
		t.Helper()
		return readSeed(t, name)
	}
	body, e, _ := a.classify("GetOrders", 200, nil, read("FuzzDecodeOrders/notes-example-8x"), subject{})
	if e != nil {
		t.Fatal(e)
	}
	page, err := decodeOrdersPage(body)
	if err != nil || page.total != 57 || len(page.items) != 2 {
		t.Fatalf("%+v %v", page, err)
	}
	o := page.items[0]
	if o.ID != 57 || o.OrderNum != "4726193850" || o.ClientName != "Anna Müller" || !o.Amount.Equal(dec("119")) ||
		o.Currency() != "EUR" || len(o.Items) != 2 || !o.Items[0].Amount.Equal(dec("100")) || o.Items[1].BillingCycle != "1" || o.Paid() {
		t.Errorf("order 57: %+v", o)
	}
	if o2 := page.items[1]; o2.PromoCode != "SPRING10" || !o2.Paid() || len(o2.Items) != 0 || o2.Items == nil {
		t.Errorf("order 56: %+v", o2)
	}
	legacy, err := decodeOrdersPage(read("FuzzDecodeOrders/notes-example-7x-all-strings"))
	if err != nil || describe(legacy.items[0]) != describe(o) {
		t.Errorf("7.x: %v\n%s\n%s", err, describe(legacy.items[0]), describe(o))
	}
	c, err := decodeClient(read("FuzzDecodeClient/notes-example-8x"))
	if err != nil || c.ID != 12 || c.Name() != "Müller Bau GmbH" || c.Country != "DE" || c.Phone != "+49.891234567" ||
		c.TaxID != "DE123456789" || c.CurrencyCode != "EUR" || c.Language != "german" || c.City != "München" {
		t.Errorf("client: %+v %v", c, err)
	}
	for _, name := range []string{"top-level-only", "nested-only", "all-strings-7x"} {
		if c2, err := decodeClient(read("FuzzDecodeClient/" + name)); err != nil || c2 != c {
			t.Errorf("%s: %+v %v", name, c2, err)
		}
	}
	inv, err := decodeInvoice(read("FuzzDecodeInvoice/notes-example-paid"))
	if err != nil || inv.ID != 309 || inv.Number != "2024-0042" || !inv.Total.Equal(dec("107.10")) || !inv.TaxRate.Equal(dec("19")) ||
		len(inv.Items) != 2 || !inv.Items[1].Amount.Equal(dec("-10")) || !inv.Items[1].Taxed || inv.DatePaid.IsZero() {
		t.Errorf("invoice: %+v %v", inv, err)
	}
	_, e, _ = a.classify("GetInvoice", 200, nil, read("FuzzDecodeInvoice/error-invoice-not-found"), subject{noun: "invoice", id: "1"})
	if e == nil || e.Kind != KindNotFound {
		t.Errorf("not found: %v", e)
	}
}
