package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestDefaultSettings(t *testing.T) {
	now := time.Date(2026, 12, 3, 23, 30, 0, 0, time.UTC)
	s := DefaultSettings(now)
	if s.Since != "2026-12-03" || s.ERacuniEndpoint != "https://e-racuni.com/WebServicesSI/API" ||
		!s.VATRate.Equal(decimal.NewFromInt(22)) || s.RecheckDays != 60 || s.HistoryLimit != 200 ||
		s.Interval != time.Hour || s.DefaultPaymentMethod != "BankTransfer" || s.DocumentLanguage != "Slovene" ||
		s.HomeCountry != "SI" || !s.ReverseChargeEU || s.Statuses != nil || s.SetupComplete {
		t.Fatalf("defaults = %+v", s)
	}
	want := map[string]string{"banktransfer": "BankTransfer", "paypal": "PayPal", "paypalcheckout": "PayPal", "stripe": "Stripe"}
	if !reflect.DeepEqual(s.PaymentMethods, want) {
		t.Fatalf("payment methods = %v", s.PaymentMethods)
	}
	// Each call gets its own map: editing one must not change the defaults.
	s.PaymentMethods["stripe"] = "Card"
	if DefaultSettings(now).PaymentMethods["stripe"] != "Stripe" {
		t.Fatal("DefaultSettings shares its map between calls")
	}
}

func TestSettingsNeverSavedGivesDefaults(t *testing.T) {
	db, _ := openTemp(t)
	db.Now = func() time.Time { return time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC) }
	s, saved, err := db.Settings()
	if err != nil || saved {
		t.Fatalf("saved=%v err=%v", saved, err)
	}
	if s.Since != "2027-01-15" || s.HistoryLimit != 200 {
		t.Fatalf("unsaved settings are not the defaults: %+v", s)
	}
}

func TestSettingsRoundTripExactly(t *testing.T) {
	db, _ := openTemp(t)
	s := Settings{
		WHMCSURL: "https://billing.example.si/includes/api.php", WHMCSIdentifier: "abc123",
		ERacuniEndpoint: "https://e-racuni.com/WebServicesSI/API", ERacuniUsername: "ana", ERacuniUseSecretKey: true,
		Warehouse: "GLAVNO", CostCentre: "HOST",
		Statuses: []string{"Active", "Pending"}, PaidOnly: true, Since: "2026-01-01",
		InvoicePaid: true, PricesIncludeVAT: true, VATRate: decimal.RequireFromString("9.5"),
		ReverseChargeEU: false, HomeCountry: "SI",
		PaymentMethods:       map[string]string{"banktransfer": "BankTransfer"}, // the user removed the others
		DefaultPaymentMethod: "Cash", DocumentLanguage: "English",
		Interval: 15 * time.Minute, RecheckDays: 30, HistoryLimit: 50, Language: "sl",
		NotifyCreated: true, Paused: true, SetupComplete: true,
		Invoices: InvoiceImport{Enabled: true, AsSalesOrders: true, IncludeUnpaid: true, Since: "2026-06-01", IncludeAddFunds: true},
	}
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	got, saved, err := db.Settings()
	if err != nil || !saved {
		t.Fatalf("saved=%v err=%v", saved, err)
	}
	if !got.VATRate.Equal(s.VATRate) {
		t.Fatalf("VAT rate %s, want %s", got.VATRate, s.VATRate)
	}
	got.VATRate, s.VATRate = decimal.Zero, decimal.Zero
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip changed settings:\n got %+v\nwant %+v", got, s)
	}

	// nil statuses (all except Fraud and Cancelled) stays nil, not [].
	s.Statuses = nil
	if err := db.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.Settings(); got.Statuses != nil {
		t.Fatalf("nil statuses came back as %#v", got.Statuses)
	}
}
