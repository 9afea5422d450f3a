package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// Demo describes the built-in demo shop handed to the GUI: where the two
// test doubles listen and the values the wizard is pre-filled with.
type Demo struct {
	WHMCSURL, WHMCSIdentifier, WHMCSSecret                     string
	ERacuniURL, ERacuniUsername, ERacuniPassword, ERacuniToken string
	Warehouse, CostCentre                                      string
	// Since is the suggested import start date, far enough back to show a
	// first sync with some volume.
	Since string
	// Connect paces e-računi faster than the real limit, for the demo only.
	Connect []sync.ConnectOption
}

// Demo shop parameters: deterministic, realistic, a few hundred orders.
const (
	DemoSeed        = 2026
	DemoClients     = 120
	DemoOrders      = 300
	DemoRenewals    = 120 // invoices without an order, for the renewal-invoice import
	demoUser        = "demo"
	demoPassword    = "demo-geslo"
	demoToken       = "DEMO0000TOKEN0000"
	demoWarehouse   = "01"
	demoCostCentre  = "SPLET"
	demoSinceDays   = 45
	demoRateLimit   = 4
	demoRateWindow  = 400 * time.Millisecond
	demoNewOrderGap = time.Minute
)

// DemoWorld is the running demo: a WHMCS shop and an e-računi account, both
// test doubles on 127.0.0.1.
type DemoWorld struct {
	Shop  *whmcstest.Shop
	WHMCS *whmcstest.Server
	Books *eracunitest.Server
	Demo  *Demo
}

// StartDemo starts the demo shop's two doubles; Close stops them.
func StartDemo(now time.Time) *DemoWorld {
	shop := whmcstest.GenerateWithRenewals(DemoSeed, DemoClients, DemoOrders, DemoRenewals, now)
	w := &DemoWorld{Shop: shop, WHMCS: whmcstest.NewServer(shop)}
	w.Books = eracunitest.NewServer(eracunitest.Config{
		Accounts:   []eracunitest.Account{{Username: demoUser, Password: demoPassword, Token: demoToken}},
		Warehouses: []string{demoWarehouse, "02"}, CostCentres: []string{demoCostCentre, "001"},
		Limit: demoRateLimit, Window: demoRateWindow,
	})
	w.Demo = &Demo{
		WHMCSURL: w.WHMCS.URL, WHMCSIdentifier: whmcstest.DemoIdentifier, WHMCSSecret: whmcstest.DemoSecret,
		ERacuniURL: w.Books.URL, ERacuniUsername: demoUser, ERacuniPassword: demoPassword, ERacuniToken: demoToken,
		Warehouse: demoWarehouse, CostCentre: demoCostCentre,
		Since:   now.AddDate(0, 0, -demoSinceDays).Format("2006-01-02"),
		Connect: []sync.ConnectOption{sync.WithERacuniLimiter(eracuni.NewLimiterFor(demoRateLimit, demoRateWindow))},
	}
	return w
}

// Close stops both doubles.
func (w *DemoWorld) Close() {
	w.WHMCS.Close()
	w.Books.Close()
}

// AddOrder places one new order in the demo shop, as a customer would.
func (w *DemoWorld) AddOrder(now time.Time, n int) int64 {
	clients := w.Shop.Clients()
	c := clients[n%len(clients)]
	invoice := "Unpaid"
	if n%3 != 0 {
		invoice = "Paid"
	}
	domain := fmt.Sprintf("nova-stran-%d.si", n)
	return w.Shop.AddOrder(whmcstest.OrderSpec{ClientID: c.ID, Date: now, Status: "Pending", InvoiceStatus: invoice,
		PaymentMethod: "paypal", Items: []whmcstest.Item{
			{Type: "product", Product: "Spletno gostovanje - Osnovni", Domain: domain, BillingCycle: "Annually", Amount: decimal.RequireFromString("59.88")},
			{Type: "domain", Product: "Register", Domain: domain, BillingCycle: "1", Amount: decimal.RequireFromString("9.99")},
		}})
}

func runDemo(c *invocation, args []string) int {
	fs := newFlags(c, "demo", "[--keep]")
	keep := fs.Bool("keep", false, "keep the demo's data folder when the app quits")
	every := fs.Duration("new-order-every", demoNewOrderGap, "how often a new order arrives in the demo shop")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if c.env.GUI == nil {
		fmt.Fprintln(c.env.Stderr, "this build has no desktop app, so it cannot show the demo")
		return ExitConfig
	}
	dir, err := os.MkdirTemp("", "whmcs-eracuni-demo-")
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "cannot make a folder for the demo: %v\n", err)
		return ExitConfig
	}
	if *keep {
		fmt.Fprintf(c.env.Stderr, "demo data folder: %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	db, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	defer db.Close()
	w := StartDemo(c.env.Now())
	defer w.Close()
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	go w.keepOrdering(ctx, *every, c.env.Now)
	fmt.Fprintf(c.env.Stderr, "Demo shop: WHMCS at %s, e-računi at %s (no real data).\n", w.WHMCS.URL, w.Books.URL)
	if err := c.env.GUI(GUIOptions{DB: db, Secrets: store.NewMemory(), DataDir: dir, Demo: w.Demo}); err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	return ExitOK
}

// keepOrdering adds a new order every so often, so the periodic sync has
// something to pick up.
func (w *DemoWorld) keepOrdering(ctx context.Context, every time.Duration, now func() time.Time) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.AddOrder(now(), n)
		}
	}
}

// Settings are what the pre-filled wizard saves for the demo.
func (d *Demo) Settings(now time.Time) store.Settings {
	s := store.DefaultSettings(now)
	s.WHMCSURL, s.WHMCSIdentifier = d.WHMCSURL, d.WHMCSIdentifier
	s.ERacuniEndpoint, s.ERacuniUsername = d.ERacuniURL, d.ERacuniUsername
	s.Warehouse, s.CostCentre, s.Since = d.Warehouse, d.CostCentre, d.Since
	s.SetupComplete = true
	return s
}

// Credentials are the demo's secrets, as the wizard stores them.
func (d *Demo) Credentials() sync.Credentials {
	return sync.Credentials{WHMCSSecret: d.WHMCSSecret, ERacuniPassword: d.ERacuniPassword, ERacuniToken: d.ERacuniToken}
}
