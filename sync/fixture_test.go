package sync_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/time/rate"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// fixture is a WHMCS shop and an e-računi account, both test doubles over
// real HTTP on 127.0.0.1, and a real data file.
type fixture struct {
	t     *testing.T
	now   time.Time
	shop  *whmcstest.Shop
	wsrv  *whmcstest.Server
	esrv  *eracunitest.Server
	dir   string
	db    *store.DB
	eng   *sync.Engine
	wh    *whmcs.API
	er    *eracuni.API
	slovo int64 // a Slovenian individual
	firma int64 // a Slovenian company
	eu    int64 // a German company with a VAT id
}

var testNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureWithShop(t, whmcstest.NewShop())
	f.slovo = f.shop.AddClient(whmcstest.Client{FirstName: "Žiga", LastName: "Čeh", Email: "ziga@example.si",
		Address1: "Slovenska cesta 1", City: "Ljubljana", PostCode: "1000", Country: "SI", PhoneCC: "386", PhoneNumber: "41234567"})
	f.firma = f.shop.AddClient(whmcstest.Client{FirstName: "Ana", LastName: "Šumi", CompanyName: "Šumi &amp; Co d.o.o.",
		Email: "ana@sumi.si", Address1: "Tržaška 5", City: "Maribor", PostCode: "2000", Country: "SI", TaxID: "SI12345678"})
	f.eu = f.shop.AddClient(whmcstest.Client{FirstName: "Anna", LastName: "Müller", CompanyName: "Müller Bau GmbH",
		Email: "anna@mueller-bau.de", Address1: "Hauptstraße 5", City: "München", PostCode: "80331", Country: "DE", TaxID: "DE123456789"})
	return f
}

// newFixtureWithShop serves shop (a generated one, say) instead of the
// three clients newFixture adds.
func newFixtureWithShop(t *testing.T, shop *whmcstest.Shop) *fixture {
	t.Helper()
	f := &fixture{t: t, now: testNow}
	f.shop = shop
	f.shop.SetClock(func() time.Time { return f.now })
	f.wsrv = whmcstest.NewServer(f.shop)
	t.Cleanup(f.wsrv.Close)
	f.esrv = eracunitest.NewServer(eracunitest.Config{
		Accounts:   []eracunitest.Account{{Username: "micka", Password: "kovac", Token: "TOKEN1"}},
		Warehouses: []string{"01"}, CostCentres: []string{"WEB"},
		Limit: -1,
		Now:   func() time.Time { return f.now },
	})
	t.Cleanup(f.esrv.Close)
	f.dir = t.TempDir()
	f.open()
	return f
}

// open (re)opens the data file and builds the engine, as a new process would.
func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(f.dir)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	f.db = db
	if _, saved, _ := db.Settings(); !saved {
		s := store.DefaultSettings(f.now)
		s.Since = "2026-11-01"
		s.Warehouse, s.CostCentre = "01", "WEB"
		if err := db.SaveSettings(s); err != nil {
			f.t.Fatal(err)
		}
	}
	f.wh, err = whmcs.New(whmcs.Config{URL: f.wsrv.URL, Identifier: whmcstest.DemoIdentifier,
		Secret: whmcstest.DemoSecret, PageSize: 10, Retry: whmcs.Retry{Attempts: 2, Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		f.t.Fatal(err)
	}
	f.er, err = eracuni.New(eracuni.Config{Endpoint: f.esrv.URL, Username: "micka", Password: "kovac", Token: "TOKEN1",
		Timeout: 2 * time.Second, Limiter: rate.NewLimiter(rate.Inf, 1),
		Retry: eracuni.Retry{Attempts: 3, Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		f.t.Fatal(err)
	}
	f.eng = sync.New(sync.Config{DB: db, Shop: f.wh, Books: f.er, Now: func() time.Time { return f.now }})
}

func (f *fixture) settings(change func(*store.Settings)) {
	f.t.Helper()
	s, _, err := f.db.Settings()
	if err != nil {
		f.t.Fatal(err)
	}
	change(&s)
	if err := f.db.SaveSettings(s); err != nil {
		f.t.Fatal(err)
	}
}

func eur(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func hosting(amount string) whmcstest.Item {
	return whmcstest.Item{Type: "product", Product: "Shared Hosting - Business", Domain: "example.si",
		BillingCycle: "Annually", Amount: eur(amount)}
}

func domain(name, amount string) whmcstest.Item {
	return whmcstest.Item{Type: "domain", Product: "Register", Domain: name, BillingCycle: "1", Amount: eur(amount)}
}

// order adds an order dated daysAgo days before now.
func (f *fixture) order(client int64, daysAgo int, status, invoice string, items ...whmcstest.Item) int64 {
	if len(items) == 0 {
		items = []whmcstest.Item{hosting("100.00")}
	}
	return f.shop.AddOrder(whmcstest.OrderSpec{ClientID: client, Date: f.now.AddDate(0, 0, -daysAgo),
		Status: status, InvoiceStatus: invoice, Items: items})
}

func (f *fixture) sync() *sync.Plan {
	f.t.Helper()
	p, err := f.eng.Sync(context.Background(), sync.TriggerManual, nil)
	if err != nil {
		f.t.Fatalf("sync: %v", err)
	}
	return p
}

func (f *fixture) preview() *sync.Plan {
	f.t.Helper()
	p, err := f.eng.Preview(context.Background(), sync.TriggerManual, nil)
	if err != nil {
		f.t.Fatalf("preview: %v", err)
	}
	return p
}

func (f *fixture) ordernum(id int64) string {
	o, ok := f.shop.Order(id)
	if !ok {
		f.t.Fatalf("no order %d", id)
	}
	return decimal.NewFromInt(o.OrderNum).String()
}

// docsFor are the sales orders e-računi holds for a WHMCS order.
func (f *fixture) docsFor(id int64) []eracunitest.Stored {
	return f.esrv.SalesOrdersByReference(sync.Reference(f.ordernum(id)))
}

func decisionFor(t *testing.T, p *sync.Plan, id int64) sync.Decision {
	t.Helper()
	for _, d := range p.Decisions {
		if d.OrderID == id {
			return d
		}
	}
	t.Fatalf("order %d is not in the plan (%d decisions)", id, len(p.Decisions))
	return sync.Decision{}
}

// assertExactlyOnce checks every listed order has exactly one sales order.
func (f *fixture) assertExactlyOnce(ids ...int64) {
	f.t.Helper()
	for _, id := range ids {
		if n := len(f.docsFor(id)); n != 1 {
			f.t.Errorf("order %d has %d sales orders in e-računi, want exactly 1", id, n)
		}
		en, ok, err := f.db.Entry(store.KindOrder, id)
		if err != nil || !ok || en.State != store.StateDone {
			f.t.Errorf("ledger for order %d: %+v ok=%v err=%v, want done", id, en, ok, err)
		}
	}
}

// newWHMCSAPI is a client of the fixture's WHMCS with another credential.
func newWHMCSAPI(t *testing.T, f *fixture, identifier, secret string) *whmcs.API {
	t.Helper()
	wh, err := whmcs.New(whmcs.Config{URL: f.wsrv.URL, Identifier: identifier, Secret: secret,
		Retry: whmcs.Retry{Attempts: 1, Base: time.Millisecond, Max: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return wh
}
