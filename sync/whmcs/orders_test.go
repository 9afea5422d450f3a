package whmcs

import (
	"slices"
	"strconv"
	"testing"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func ids(orders []Order) []int64 {
	out := make([]int64, len(orders))
	for i, o := range orders {
		out[i] = o.ID
	}
	return out
}

func shopIDs(shop *whmcstest.Shop) []int64 {
	var out []int64
	for _, o := range shop.Orders() {
		out = append(out, o.ID)
	}
	return out
}

func TestOrdersReadsAllPagesNewestFirst(t *testing.T) {
	shop := whmcstest.Generate(30, 20, 250, testNow)
	srv := serve(t, shop)
	orders, err := collect(t, newAPI(t, srv, func(c *Config) { c.PageSize = 100 }), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(orders), shopIDs(shop)) {
		t.Fatalf("got %d orders, not all newest first", len(orders))
	}
	forms := srv.Forms("GetOrders")
	if len(forms) != 3 {
		t.Fatalf("%d calls, want 3", len(forms))
	}
	for i, f := range forms {
		if f.Get("limitnum") != "100" || f.Get("limitstart") != strconv.Itoa(i*100) {
			t.Errorf("call %d: %v", i+1, f)
		}
	}
}

func TestOrdersDefaultPageSizeAndExactLastPage(t *testing.T) {
	shop := whmcstest.Generate(31, 10, 200, testNow)
	srv := serve(t, shop)
	orders, err := collect(t, newAPI(t, srv), OrderFilter{})
	if err != nil || len(orders) != 200 {
		t.Fatalf("%d %v", len(orders), err)
	}
	if n := srv.Calls("GetOrders"); n != 2 {
		t.Errorf("%d calls for 200 orders in pages of 100, want 2", n)
	}
}

func TestOrdersPlacedDuringTheScanAreNeitherDuplicatedNorLost(t *testing.T) {
	shop := whmcstest.Generate(32, 10, 95, testNow)
	before := shopIDs(shop)
	srv := serve(t, shop)
	client := shop.Clients()[0].ID
	srv.SetBeforeCall(func(action string, call int) {
		if action == "GetOrders" && call > 1 {
			for range 7 {
				shop.AddOrder(whmcstest.OrderSpec{ClientID: client})
			}
		}
	})
	orders, err := collect(t, newAPI(t, srv, func(c *Config) { c.PageSize = 20 }), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := countYields(t, "order", orders, func(o Order) int64 { return o.ID })
	for _, id := range before {
		if got[id] != 1 {
			t.Errorf("order %d lost", id)
		}
	}
	if !slices.IsSortedFunc(orders, func(a, b Order) int { return int(b.ID - a.ID) }) {
		t.Error("not newest first")
	}
	if srv.Calls("GetOrders") < 6 {
		t.Errorf("only %d pages; the inserted orders should have shifted the pages", srv.Calls("GetOrders"))
	}
}

// Orders deleted in WHMCS while the app reads, above the page it is on,
// pull every older order one place earlier: without care the next page
// would start one order too late and silently skip one per deletion.
func TestOrdersDeletedDuringTheScanDoNotHideOthers(t *testing.T) {
	shop := whmcstest.Generate(35, 10, 95, testNow)
	ids := shopIDs(shop) // newest first
	srv := serve(t, shop)
	deleted := map[int64]bool{}
	srv.SetBeforeCall(func(action string, call int) {
		if action == "GetOrders" && call >= 2 && call <= 4 {
			// Two of those already read, newest first.
			for _, id := range ids[(call-2)*20 : (call-2)*20+2] {
				shop.DeleteOrder(id)
				deleted[id] = true
			}
		}
	})
	orders, err := collect(t, newAPI(t, srv, func(c *Config) { c.PageSize = 20 }), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := countYields(t, "order", orders, func(o Order) int64 { return o.ID })
	for _, id := range ids {
		if got[id] != 1 && !deleted[id] {
			t.Errorf("order %d was skipped", id)
		}
	}
	if len(deleted) != 6 {
		t.Fatalf("deleted %d orders, want 6", len(deleted))
	}
	if !slices.IsSortedFunc(orders, func(a, b Order) int { return int(b.ID - a.ID) }) {
		t.Error("not newest first")
	}
}

// The same with a status filter: orders accepted while the app reads the
// Pending ones leave the filtered list just as deleted ones do.
func TestOrdersLeavingTheFilterDuringTheScanDoNotHideOthers(t *testing.T) {
	shop := whmcstest.NewShop()
	client := shop.AddClient(whmcstest.Client{FirstName: "Mojca", LastName: "Novak", Country: "SI"})
	var ids []int64
	for range 45 {
		ids = append(ids, shop.AddOrder(whmcstest.OrderSpec{ClientID: client, Status: "Pending"}))
	}
	slices.Reverse(ids)
	srv := serve(t, shop)
	srv.SetBeforeCall(func(action string, call int) {
		if action == "GetOrders" && call == 2 {
			shop.SetOrderStatus(ids[0], "Active")
			shop.SetOrderStatus(ids[1], "Active")
		}
	})
	orders, err := collect(t, newAPI(t, srv, func(c *Config) { c.PageSize = 10 }), OrderFilter{Status: "Pending"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	for _, o := range orders {
		got[o.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("pending order %d was skipped", id)
		}
	}
}

func TestBreakingOutStopsPaging(t *testing.T) {
	srv := serve(t, whmcstest.Generate(33, 5, 50, testNow))
	a := newAPI(t, srv, func(c *Config) { c.PageSize = 10 })
	n := 0
	for _, err := range a.Orders(ctx, OrderFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if c := srv.Calls("GetOrders"); c != 2 {
		t.Errorf("%d calls after reading 15 orders in pages of 10, want 2", c)
	}
}

func TestOrderFilters(t *testing.T) {
	shop := whmcstest.Generate(34, 8, 60, testNow)
	srv := serve(t, shop)
	a := newAPI(t, srv)
	all := shop.Orders()
	count := func(keep func(whmcstest.Order) bool) int {
		n := 0
		for _, o := range all {
			if keep(o) {
				n++
			}
		}
		return n
	}
	fraud, err := collect(t, a, OrderFilter{Status: "Fraud"})
	if err != nil || len(fraud) == 0 || len(fraud) != count(func(o whmcstest.Order) bool { return o.Status == "Fraud" }) {
		t.Errorf("status filter: %d, %v", len(fraud), err)
	}
	for _, o := range fraud {
		if o.Status != "Fraud" {
			t.Errorf("status filter let through %+v", o)
		}
	}
	review, _ := collect(t, a, OrderFilter{Status: "In Review"})
	if len(review) == 0 {
		t.Error("custom status not found")
	}
	mine, _ := collect(t, a, OrderFilter{ClientID: 2})
	if len(mine) != count(func(o whmcstest.Order) bool { return o.ClientID == 2 }) {
		t.Errorf("client filter: %d", len(mine))
	}
	calls := srv.Calls("GetOrders")
	one, err := collect(t, a, OrderFilter{ID: all[5].ID})
	if err != nil || len(one) != 1 || one[0].ID != all[5].ID || srv.Calls("GetOrders") != calls+1 {
		t.Errorf("id filter: %+v %v", one, err)
	}
	none, err := collect(t, a, OrderFilter{ID: 999999}) // the body without "orders"
	if err != nil || len(none) != 0 {
		t.Errorf("no match: %+v %v", none, err)
	}
}

func TestOrderFieldsFollowTheShop(t *testing.T) {
	shop := whmcstest.NewShop()
	id := shop.AddClient(whmcstest.Client{FirstName: "Žiga", LastName: "Čeh", Country: "SI"})
	oid := shop.AddOrder(whmcstest.OrderSpec{
		ClientID: id, Date: testNow, Status: "Active", PaymentMethod: "stripe", PromoCode: "SPRING10", PromoPercent: dec("10"),
		Items: []whmcstest.Item{
			{Type: "product", Product: "Shared Hosting - Business", Domain: "ceh.si", BillingCycle: "Annually", Amount: dec("99.00")},
			{Type: "domain", Product: "Register", Domain: "ceh.si", BillingCycle: "1", Amount: dec("14.90")},
		},
		InvoiceStatus: "Paid",
	})
	want, _ := shop.Order(oid)
	a := newAPI(t, serve(t, shop))
	orders, err := collect(t, a, OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	o := orders[0]
	if o.ID != oid || o.OrderNum != strconv.FormatInt(want.OrderNum, 10) || o.ClientID != id || !o.Date.Equal(testNow) ||
		!o.Amount.Equal(dec("104.00")) || o.Currency() != "EUR" || !o.Paid() || o.PaymentStatus != "Paid" ||
		o.PaymentMethodName != "Credit Card" || o.PromoCode != "SPRING10" || o.PromoType != "Percentage" || o.PromoValue != "10.00" ||
		o.Status != "Active" || o.ClientName != "Žiga Čeh" || len(o.Items) != 2 {
		t.Fatalf("decoded %s", describe(o))
	}
	if it := o.Items[1]; it.Type != "domain" || it.BillingCycle != "1" || !it.Amount.Equal(dec("14.90")) || it.RelID == 0 || it.Status != "Active" {
		t.Errorf("domain item %+v", it)
	}
	inv, err := a.Invoice(ctx, o.InvoiceID)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Subtotal.Equal(o.Amount) || !inv.Tax.Equal(dec("22.88")) || !inv.Total.Equal(dec("126.88")) || !inv.Balance.IsZero() ||
		!inv.TaxRate.Equal(dec("22")) || inv.Number == "" || inv.DatePaid.IsZero() || len(inv.Items) != 3 ||
		inv.Items[0].RelID != o.Items[0].RelID || !inv.Items[2].Amount.Equal(dec("-9.90")) || !inv.Items[2].Taxed {
		t.Errorf("invoice %+v", inv)
	}
}

// A server whose totalresults is off on one page (here: lower on the last
// one) looks as if the list shrank every time the scan gets there; the scan
// still ends, with every order once.
func TestAWanderingTotalCannotKeepTheScanGoing(t *testing.T) {
	const n, size = 250, 100
	fetches := 0
	fetch := func(offset int) (page[int64], error) {
		if fetches++; fetches > 50 {
			t.Fatal("still paging after 50 pages")
		}
		var p page[int64]
		for i := offset; i < min(offset+size, n); i++ {
			p.items = append(p.items, int64(n-i))
		}
		p.returned, p.total = len(p.items), n
		if offset == 200 {
			p.total = n - 100
		}
		return p, nil
	}
	got := map[int64]int{}
	for id, err := range paged(size, false, func(id int64) int64 { return id }, fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got[id]++
	}
	for id := int64(1); id <= n; id++ {
		if got[id] != 1 {
			t.Errorf("order %d yielded %d times", id, got[id])
		}
	}
}
