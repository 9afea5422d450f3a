package eracuni_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

// The user and password of the official md5pass example.
const (
	testUser     = "micka"
	testPassword = "kovac"
	testMD5Pass  = "ddb43e9f119c6805f4770ecc4f6466ba" // md5("MICKAkovac"), as in the documentation
	testToken    = "07D316568AC3441F89981C68A30370A8"
	testSecret   = "sk-9f2b7c41d0e6"
)

// newDouble starts a double with the test account and no rate limit unless
// mod sets one.
func newDouble(t *testing.T, mod func(*eracunitest.Config)) *eracunitest.Server {
	t.Helper()
	cfg := eracunitest.Config{
		Accounts: []eracunitest.Account{{Username: testUser, Password: testPassword, Token: testToken}},
		Limit:    -1,
	}
	if mod != nil {
		mod(&cfg)
	}
	s := eracunitest.NewServer(cfg)
	t.Cleanup(s.Close)
	return s
}

// newClient makes a client of srv with quick retries and a limiter that does
// not slow the test, unless mod changes them.
func newClient(t *testing.T, srv *eracunitest.Server, mod func(*eracuni.Config)) *eracuni.API {
	t.Helper()
	cfg := eracuni.Config{
		Endpoint: srv.URL,
		Username: testUser,
		Password: testPassword,
		Token:    testToken,
		Timeout:  5 * time.Second,
		Limiter:  eracuni.NewLimiterFor(1000, 10*time.Millisecond),
		Retry:    eracuni.Retry{Attempts: 5, Base: time.Millisecond, Max: 4 * time.Millisecond},
	}
	if mod != nil {
		mod(&cfg)
	}
	a, err := eracuni.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func sampleOrder(ref, date string) eracuni.SalesOrder {
	return eracuni.SalesOrder{
		Date:            date,
		Reference:       ref,
		BuyerName:       "Janez Novak s.p.",
		BuyerStreet:     "Glavna ulica 123",
		BuyerPostalCode: "2000",
		BuyerCity:       "Maribor",
		BuyerCountry:    "SI",
		BuyerEMail:      "janez.novak@example.com",
		Currency:        "EUR",
		PaymentMethod:   "BankTransfer",
		Items: []eracuni.Item{{
			Description: "Hosting Basic, 12 months",
			Quantity:    dec("1"),
			Unit:        "kos",
			Price:       dec("119.88"),
			VATRate:     dec("22"),
		}},
	}
}

// kindOf gives the Kind of an *eracuni.Error, failing the test otherwise.
func kindOf(t *testing.T, err error) eracuni.Kind {
	t.Helper()
	var e *eracuni.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *eracuni.Error, got %T: %v", err, err)
	}
	return e.Kind
}
