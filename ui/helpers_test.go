package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
	"golang.org/x/time/rate"

	"whmcs-eracuni/cli"
	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// Credentials of the test world's two doubles.
const (
	testIdentifier = "api-identifier"
	testSecret     = "api-secret-123"
	testUser       = "knjigovodstvo"
	testPassword   = "geslo-456"
	testToken      = "TOKEN789"
	testWarehouse  = "01"
)

// world is a WHMCS shop and an e-računi account, both test doubles on
// 127.0.0.1, a real data file in a temporary folder and secrets in memory.
type world struct {
	t       *testing.T
	shop    *whmcstest.Shop
	whmcs   *whmcstest.Server
	books   *eracunitest.Server
	db      *store.DB
	secrets *store.Memory
	orders  map[string]whmcstest.Order // by order number
	g       *gui
}

// newWorld starts the doubles with a small shop whose orders are known:
//
//	Active + paid        → created
//	Pending + unpaid     → created (paid-only is off)
//	Fraud                → skipped
//	Cancelled            → skipped
func newWorld(t *testing.T) *world {
	t.Helper()
	t.Setenv("LC_ALL", "en_US.UTF-8") // the system language the texts below are in
	test.NewTempApp(t)
	w := &world{t: t, orders: map[string]whmcstest.Order{}}
	w.shop = whmcstest.NewShop()
	w.shop.AddCredential(testIdentifier, testSecret)
	clientSI := w.shop.AddClient(whmcstest.Client{FirstName: "Žiga", LastName: "Čeh", CompanyName: "Šumi d.o.o.",
		Email: "ziga@sumi.si", Address1: "Trubarjeva 1", City: "Ljubljana", PostCode: "1000", Country: "SI",
		TaxID: "SI12345678"})
	clientDE := w.shop.AddClient(whmcstest.Client{FirstName: "Hans", LastName: "Müller", CompanyName: "Müller Bau GmbH",
		Email: "hans@mueller.de", Address1: "Hauptstraße 5", City: "München", PostCode: "80331", Country: "DE",
		TaxID: "DE123456789"})
	day := time.Now().AddDate(0, 0, -3).Truncate(time.Second)
	add := func(client int64, status, invoice, amount string, daysLater int) {
		id := w.shop.AddOrder(whmcstest.OrderSpec{ClientID: client, Date: day.AddDate(0, 0, daysLater), Status: status,
			InvoiceStatus: invoice, Items: []whmcstest.Item{{Type: "product", Product: "Spletno gostovanje - Osnovni",
				Domain: "primer.si", BillingCycle: "Annually", Amount: decimal.RequireFromString(amount)}}})
		o, _ := w.shop.Order(id)
		w.orders[strconv.FormatInt(o.OrderNum, 10)] = o
	}
	add(clientSI, "Active", "Paid", "59.88", 0)
	add(clientDE, "Pending", "Unpaid", "120.00", 1)
	add(clientSI, "Fraud", "Unpaid", "10.00", 1)
	add(clientDE, "Cancelled", "Cancelled", "15.00", 2)
	w.whmcs = whmcstest.NewServer(w.shop)
	t.Cleanup(w.whmcs.Close)
	w.books = eracunitest.NewServer(eracunitest.Config{
		Accounts:   []eracunitest.Account{{Username: testUser, Password: testPassword, Token: testToken}},
		Warehouses: []string{testWarehouse}, Limit: -1,
	})
	t.Cleanup(w.books.Close)
	db, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.db, w.secrets = db, store.NewMemory()
	return w
}

// setUp saves the settings and secrets a finished wizard leaves behind.
func (w *world) setUp(change func(*store.Settings)) {
	w.t.Helper()
	s := store.DefaultSettings(time.Now())
	s.WHMCSURL, s.WHMCSIdentifier = w.whmcs.URL, testIdentifier
	s.ERacuniEndpoint, s.ERacuniUsername = w.books.URL, testUser
	s.Warehouse = testWarehouse
	s.Since = time.Now().AddDate(0, 0, -30).Format(time.DateOnly)
	s.InvoicePaid = true
	s.SetupComplete = true
	if change != nil {
		change(&s)
	}
	if err := w.db.SaveSettings(s); err != nil {
		w.t.Fatal(err)
	}
	ctx := context.Background()
	for name, v := range map[string]string{store.SecretWHMCSSecret: testSecret,
		store.SecretERacuniPassword: testPassword, store.SecretERacuniToken: testToken} {
		if err := w.secrets.Set(ctx, store.DefaultProfile, name, v); err != nil {
			w.t.Fatal(err)
		}
	}
}

// fillWHMCS types the double's address and a credential into the wizard's
// WHMCS step.
func (w *world) fillWHMCS(wz *wizard, identifier, secret string) {
	typeInto(wz.wh.url, w.whmcs.URL)
	typeInto(wz.wh.identifier, identifier)
	typeInto(wz.wh.secret, secret)
}

// fillERacuni types the test account and the double's address into the
// wizard's e-računi step.
func (w *world) fillERacuni(wz *wizard) {
	typeInto(wz.er.username, testUser)
	typeInto(wz.er.password, testPassword)
	typeInto(wz.er.token, testToken)
	typeInto(wz.er.endpoint, w.books.URL)
}

// open builds the app on the test driver, as Run would without showing it.
func (w *world) open() *gui {
	w.t.Helper()
	g, err := newGUI(test.NewTempApp(w.t), cli.GUIOptions{DB: w.db, Secrets: w.secrets})
	if err != nil {
		w.t.Fatal(err)
	}
	// The double's rate limit is off; pace the client the same way so a
	// sync of a few orders takes milliseconds, not seconds.
	g.connectOpts = []engine.ConnectOption{engine.WithERacuniLimiter(rate.NewLimiter(rate.Inf, 1))}
	g.wait()
	w.t.Cleanup(g.wait)
	w.g = g
	return g
}

// settings reads what is saved.
func (w *world) settings() (store.Settings, bool) {
	w.t.Helper()
	s, saved, err := w.db.Settings()
	if err != nil {
		w.t.Fatal(err)
	}
	return s, saved
}

// tableText is every cell a table shows, row by row, as the user reads it.
func tableText(rows int, cols int, cell func(r, c int) string) []string {
	out := make([]string, rows)
	for r := range rows {
		parts := make([]string, cols)
		for c := range cols {
			parts[c] = cell(r, c)
		}
		out[r] = strings.Join(parts, " | ")
	}
	return out
}

// typeInto replaces an entry's text the way a user would: select all, type.
func typeInto(e *widget.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}
