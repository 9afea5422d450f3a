package store

import (
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

// Settings is everything the user sets up, saved as one record. Secrets are
// not here: they live in the OS keyring (see Secrets).
type Settings struct {
	WHMCSURL        string `json:"whmcs_url"`
	WHMCSIdentifier string `json:"whmcs_identifier"`

	ERacuniEndpoint     string `json:"eracuni_endpoint"`
	ERacuniUsername     string `json:"eracuni_username"`
	ERacuniUseSecretKey bool   `json:"eracuni_use_secret_key"`
	Warehouse           string `json:"warehouse"`
	CostCentre          string `json:"cost_centre"`

	Statuses         []string        `json:"statuses"` // nil: every status except Fraud and Cancelled
	PaidOnly         bool            `json:"paid_only"`
	Since            string          `json:"since"` // YYYY-MM-DD, inclusive
	InvoicePaid      bool            `json:"invoice_paid"`
	PricesIncludeVAT bool            `json:"prices_include_vat"`
	VATRate          decimal.Decimal `json:"vat_rate"`
	ReverseChargeEU  bool            `json:"reverse_charge_eu"`
	HomeCountry      string          `json:"home_country"`

	PaymentMethods       map[string]string `json:"payment_methods"` // WHMCS gateway → e-računi method
	DefaultPaymentMethod string            `json:"default_payment_method"`
	DocumentLanguage     string            `json:"document_language"`

	Interval      time.Duration `json:"interval"` // nanoseconds in JSON; 0: no automatic sync
	RecheckDays   int           `json:"recheck_days"`
	HistoryLimit  int           `json:"history_limit"`
	Language      string        `json:"language"` // "": system, "sl", "en"
	NotifyCreated bool          `json:"notify_created"`
	Paused        bool          `json:"paused"`
	SetupComplete bool          `json:"setup_complete"`

	Invoices InvoiceImport `json:"invoices"`
}

// InvoiceImport configures importing WHMCS invoices (a later feature).
type InvoiceImport struct {
	Enabled         bool   `json:"enabled"`
	AsSalesOrders   bool   `json:"as_sales_orders"`
	IncludeUnpaid   bool   `json:"include_unpaid"`
	Since           string `json:"since"`
	IncludeAddFunds bool   `json:"include_add_funds"`
}

// DefaultSettings is what a new installation starts with; Since is now's
// date, so a first sync does not import years of old orders.
func DefaultSettings(now time.Time) Settings {
	return Settings{
		ERacuniEndpoint: "https://e-racuni.com/WebServicesSI/API",
		Since:           now.Format(time.DateOnly),
		VATRate:         decimal.NewFromInt(22),
		ReverseChargeEU: true,
		HomeCountry:     "SI",
		PaymentMethods: map[string]string{
			"banktransfer":   "BankTransfer",
			"paypal":         "PayPal",
			"paypalcheckout": "PayPal",
			"stripe":         "Stripe",
		},
		DefaultPaymentMethod: "BankTransfer",
		DocumentLanguage:     "Slovene",
		Interval:             time.Hour,
		RecheckDays:          60,
		HistoryLimit:         200,
	}
}

var keySettings = []byte("settings")

type settingsRecord struct {
	V int `json:"v"`
	Settings
}

// Settings returns the saved settings, or DefaultSettings(time.Now()) and
// false when none were ever saved.
func (db *DB) Settings() (Settings, bool, error) {
	var raw []byte
	if err := db.view(func(tx *bolt.Tx) error {
		raw = bytesClone(tx.Bucket(bucketSettings).Get(keySettings))
		return nil
	}); err != nil {
		return Settings{}, false, err
	}
	defaults := DefaultSettings(db.Now())
	if raw == nil {
		return defaults, false, nil
	}
	// Decode over the defaults so a field added in a later build (absent
	// from an older record) starts at its default rather than at zero.
	// A map would merge into the default map, so it is replaced instead.
	rec := settingsRecord{Settings: defaults}
	rec.PaymentMethods = nil
	if err := db.decode("settings", raw, &rec); err != nil {
		return Settings{}, false, err
	}
	if rec.PaymentMethods == nil && !hasKey(raw, "payment_methods") {
		rec.PaymentMethods = defaults.PaymentMethods
	}
	return rec.Settings, true, nil
}

// SaveSettings replaces the saved settings.
func (db *DB) SaveSettings(s Settings) error {
	raw, err := encodeRecord(settingsRecord{V: recordVersion, Settings: s})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put(keySettings, raw)
	})
}

func hasKey(raw []byte, key string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	_, ok := m[key]
	return ok
}

// bytesClone copies a value out of a transaction (bbolt's slices are only
// valid inside it), keeping nil for a missing key.
func bytesClone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
