package whmcs

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

var ctx = context.Background()

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestEveryCallSendsResponseTypeJSON(t *testing.T) {
	srv := serve(t, whmcstest.Generate(2, 3, 4, testNow))
	a := newAPI(t, srv, func(c *Config) { c.AccessKey = "ak-123" })
	if _, err := collect(t, a, OrderFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Client(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Invoice(ctx, 1001); err != nil {
		t.Fatal(err)
	}
	a.CheckAccess(ctx)
	for _, action := range []string{"GetOrders", "GetClientsDetails", "GetInvoice"} {
		forms := srv.Forms(action)
		if len(forms) < 2 {
			t.Fatalf("%s: %d calls recorded", action, len(forms))
		}
		for _, f := range forms {
			if f.Get("responsetype") != "json" || f.Get("action") != action ||
				f.Get("identifier") != whmcstest.DemoIdentifier || f.Get("accesskey") != "ak-123" {
				t.Errorf("%s sent %v", action, f)
			}
		}
	}
}

// WHMCS 7.x sends every number as a string; the result must not change.
func TestIntsAsStringsDecodeTheSame(t *testing.T) {
	shop := whmcstest.Generate(3, 6, 30, testNow)
	srv := serve(t, shop)
	a := newAPI(t, srv)
	read := func() string {
		orders, err := collect(t, a, OrderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := a.Client(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := a.Invoice(ctx, orders[0].InvoiceID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%+v\n%+v\n%+v", orders, c, inv)
	}
	modern := read()
	shop.SetAllStrings(true)
	legacy := read()
	if modern != legacy {
		t.Fatalf("7.x output decodes differently:\n8.x: %.600s\n7.x: %.600s", modern, legacy)
	}
	// The pre-2020 documentation example, every value a string.
	srv.Reply("GetOrders", 0, 200, `{"result":"success","totalresults":"1","startnumber":"0","numreturned":"1","orders":{"order":[
	 {"id":"1","ordernum":"1234567890","userid":"1","contactid":"0","date":"2016-01-01 06:26:23","nameservers":"","transfersecret":"",
	  "renewals":"","promocode":"","promotype":"","promovalue":"","orderdata":"[]","amount":"15.95","paymentmethod":"mailin",
	  "invoiceid":"1","status":"Pending","ipaddress":"::1","fraudmodule":"","fraudoutput":"","notes":"","paymentmethodname":"Mail In Payment",
	  "paymentstatus":"Unpaid","name":"Demo User","currencyprefix":"$","currencysuffix":" USD","frauddata":"",
	  "lineitems":{"lineitem":[{"type":"product","relid":"1","producttype":"Hosting Account","product":"Starter Hosting - Starter Plan",
	   "domain":"demodomain.com","billingcycle":"Monthly","amount":"$15.95 USD","status":"Pending"}]}}]}}`)
	orders, err := collect(t, a, OrderFilter{})
	if err != nil || len(orders) != 1 {
		t.Fatalf("%v %v", orders, err)
	}
	o := orders[0]
	if o.ID != 1 || o.ClientID != 1 || o.InvoiceID != 1 || o.OrderNum != "1234567890" || o.Items[0].RelID != 1 ||
		!o.Items[0].Amount.Equal(dec("15.95")) || o.Currency() != "USD" {
		t.Errorf("decoded %+v", o)
	}
}

func TestLineItemAmountsWithCurrencyFormats(t *testing.T) {
	shop := whmcstest.NewShop()
	shop.AddCurrency(whmcstest.Currency{Code: "USD", Prefix: "$", Suffix: " USD", Format: 2})
	shop.AddCurrency(whmcstest.Currency{Code: "XEU", Prefix: "", Suffix: "", Format: 3})
	shop.AddCurrency(whmcstest.Currency{Code: "XRO", Prefix: "", Suffix: " kr", Format: 4})
	for _, c := range []struct{ currency, amount, want string }{
		{"", "100.00", "€100.00 EUR"},
		{"USD", "1234.56", "$1,234.56 USD"},
		{"XEU", "1234.56", "1.234,56"},
		{"XRO", "1234", "1,234 kr"},
		{"USD", "1234567.5", "$1,234,567.50 USD"},
	} {
		id := shop.AddClient(whmcstest.Client{FirstName: "Test", LastName: c.currency, Country: "SI", Currency: c.currency})
		shop.AddOrder(whmcstest.OrderSpec{ClientID: id, Items: []whmcstest.Item{{Type: "product", Product: "Hosting", Amount: dec(c.amount)}}})
	}
	srv := serve(t, shop)
	orders, err := collect(t, newAPI(t, srv), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(orders)
	for i, want := range []string{"100", "1234.56", "1234.56", "1234", "1234567.5"} {
		if got := orders[i].Items[0].Amount; !got.Equal(dec(want)) {
			t.Errorf("order %d: amount %s, want %s", orders[i].ID, got, want)
		}
	}
	// The current documentation example shows a plain "8.00".
	srv.Reply("GetOrders", 0, 200, `{"result":"success","totalresults":1,"numreturned":1,"orders":{"order":[{"id":9,"amount":"8.00",
	 "lineitems":{"lineitem":[{"type":"product","relid":1,"amount":"8.00"}]}}]}}`)
	orders, err = collect(t, newAPI(t, srv), OrderFilter{})
	if err != nil || !orders[0].Items[0].Amount.Equal(dec("8")) || !orders[0].Amount.Equal(dec("8")) {
		t.Fatalf("plain amount: %+v %v", orders, err)
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]string{
		"8.00": "8", "19.000": "19", "€100.00 EUR": "100", "$1,234.56 USD": "1234.56", "1.234,56": "1234.56",
		"1,234": "1234", "1.234.567,89": "1234567.89", "-€10.00 EUR": "-10", "€-10.00 EUR": "-10", "£0.50": "0.5",
		"Fr. 12.50": "12.5", "12,5 €": "12.5", "1 234,56 zł": "1234.56", "": "0", "  7 ": "7", "-3.10": "-3.1",
		"1234": "1234", ".50": "0.5",
	} {
		got, ok := parseMoney(in)
		if !ok || !got.Equal(dec(want)) {
			t.Errorf("parseMoney(%q) = %s, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"abc", "€ EUR", "12 EUR 34", "1e999999", "--"} {
		if v, ok := parseMoney(bad); ok {
			t.Errorf("parseMoney(%q) accepted as %s", bad, v)
		}
	}
}

func TestBooleansInAllForms(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	a := newAPI(t, srv)
	cases := []struct {
		raw  string
		want bool
	}{
		{`true`, true}, {`false`, false}, {`1`, true}, {`0`, false}, {`"1"`, true}, {`"0"`, false},
		{`""`, false}, {`"on"`, true}, {`"off"`, false}, {`null`, false}, {`"yes"`, true}, {`"true"`, true}, {`"false"`, false},
	}
	for i, c := range cases {
		srv.Reply("GetClientsDetails", i+1, 200, `{"result":"success","id":7,"firstname":"A","taxexempt":`+c.raw+`}`)
		srv.Reply("GetInvoice", i+1, 200, `{"result":"success","invoiceid":5,"items":{"item":[{"id":1,"amount":"1.00","taxed":`+c.raw+`}]}}`)
		cl, err := a.Client(ctx, 7)
		if err != nil || cl.TaxExempt != c.want {
			t.Errorf("taxexempt %s: got %v, %v", c.raw, cl.TaxExempt, err)
		}
		inv, err := a.Invoice(ctx, 5)
		if err != nil || inv.Items[0].Taxed != c.want {
			t.Errorf("taxed %s: got %+v, %v", c.raw, inv.Items, err)
		}
	}
}

func TestCollectionsInEveryShape(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	a := newAPI(t, srv)
	item := `{"type":"product","relid":4,"amount":"€5.00 EUR"}`
	for name, c := range map[string]struct {
		lineitems string
		want      int
	}{
		"absent": {``, 0}, "empty string": {`,"lineitems":""`, 0}, "empty array": {`,"lineitems":[]`, 0},
		"empty object": {`,"lineitems":{}`, 0}, "null": {`,"lineitems":null`, 0},
		"wrapped":        {`,"lineitems":{"lineitem":[` + item + `,` + item + `]}`, 2},
		"wrapped single": {`,"lineitems":{"lineitem":` + item + `}`, 1},
		"bare array":     {`,"lineitems":[` + item + `]`, 1},
		"php map":        {`,"lineitems":{"1":` + item + `,"0":` + item + `}`, 2},
		"wrapped empty":  {`,"lineitems":{"lineitem":[]}`, 0},
	} {
		srv.ClearFaults()
		srv.Reply("GetOrders", 0, 200, `{"result":"success","totalresults":1,"numreturned":1,"orders":{"order":[{"id":3`+c.lineitems+`}]}}`)
		orders, err := collect(t, a, OrderFilter{})
		if err != nil || len(orders) != 1 || len(orders[0].Items) != c.want {
			t.Errorf("lineitems %s: %+v %v", name, orders, err)
			continue
		}
		for _, it := range orders[0].Items {
			if it.RelID != 4 || !it.Amount.Equal(dec("5")) {
				t.Errorf("lineitems %s: item %+v", name, it)
			}
		}
	}
	for name, orders := range map[string]string{
		"absent": ``, "empty string": `,"orders":""`, "empty array": `,"orders":[]`, "empty object": `,"orders":{}`,
	} {
		srv.ClearFaults()
		srv.Reply("GetOrders", 0, 200, `{"result":"success","totalresults":0,"startnumber":0,"numreturned":0`+orders+`}`)
		got, err := collect(t, a, OrderFilter{})
		if err != nil || len(got) != 0 {
			t.Errorf("orders %s: %+v %v", name, got, err)
		}
	}
	for name, c := range map[string]struct {
		items string
		want  int
	}{
		"absent": {``, 0}, "empty string": {`,"items":""`, 0},
		"wrapped": {`,"items":{"item":[{"id":1,"type":"Hosting","relid":4,"amount":"5.00","taxed":1}]}`, 1},
	} {
		srv.ClearFaults()
		srv.Reply("GetInvoice", 0, 200, `{"result":"success","invoiceid":8`+c.items+`,"transactions":""}`)
		inv, err := a.Invoice(ctx, 8)
		if err != nil || len(inv.Items) != c.want || inv.ID != 8 {
			t.Errorf("items %s: %+v %v", name, inv, err)
		}
	}
}

func TestZeroDatesAreUnset(t *testing.T) {
	shop := whmcstest.NewShop()
	id := shop.AddClient(whmcstest.Client{FirstName: "Maja", LastName: "Kos", Country: "SI"})
	oid := shop.AddOrder(whmcstest.OrderSpec{ClientID: id, Date: testNow, Items: []whmcstest.Item{{Type: "product", Product: "Hosting", Amount: dec("10")}}})
	o, _ := shop.Order(oid)
	srv := serve(t, shop)
	a := newAPI(t, srv)
	inv, err := a.Invoice(ctx, o.InvoiceID)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.DatePaid.IsZero() || inv.Date.IsZero() || inv.Status != "Unpaid" || !inv.Balance.Equal(inv.Total) {
		t.Errorf("unpaid invoice: %+v", inv)
	}
	srv.Reply("GetOrders", 0, 200, `{"result":"success","totalresults":1,"numreturned":1,"orders":{"order":[{"id":3,"date":"0000-00-00 00:00:00"}]}}`)
	srv.Reply("GetInvoice", 0, 200, `{"result":"success","invoiceid":3,"date":"0000-00-00","duedate":"0000-00-00","datepaid":"0000-00-00 00:00:00"}`)
	orders, err := collect(t, a, OrderFilter{})
	if err != nil || !orders[0].Date.IsZero() {
		t.Errorf("order date: %+v %v", orders, err)
	}
	inv, err = a.Invoice(ctx, 3)
	if err != nil || !inv.Date.IsZero() || !inv.DueDate.IsZero() || !inv.DatePaid.IsZero() {
		t.Errorf("invoice dates: %+v %v", inv, err)
	}
}

func TestDatesKeepTheServerWallClock(t *testing.T) {
	shop := whmcstest.NewShop()
	id := shop.AddClient(whmcstest.Client{FirstName: "Maja", LastName: "Kos", Country: "SI"})
	cet := time.FixedZone("CET", 3600)
	shop.AddOrder(whmcstest.OrderSpec{ClientID: id, Date: time.Date(2026, 2, 3, 9, 41, 7, 0, cet)})
	orders, err := collect(t, newAPI(t, serve(t, shop)), OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 2, 3, 9, 41, 7, 0, time.UTC); !orders[0].Date.Equal(want) || orders[0].Date.Location() != time.UTC {
		t.Errorf("date %v, want %v", orders[0].Date, want)
	}
}

func TestHTMLEntitiesAreDecoded(t *testing.T) {
	shop := whmcstest.NewShop()
	id := shop.AddClient(whmcstest.Client{FirstName: "Seán", LastName: "O&#039;Brien", CompanyName: "A &amp; B d.o.o.", Country: "SI"})
	shop.AddOrder(whmcstest.OrderSpec{ClientID: id, Notes: "Hosting &amp; domena"})
	a := newAPI(t, serve(t, shop))
	c, err := a.Client(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() != "A & B d.o.o." || c.LastName != "O'Brien" {
		t.Errorf("client %q / %q", c.Name(), c.LastName)
	}
	orders, err := collect(t, a, OrderFilter{})
	if err != nil || orders[0].ClientName != "Seán O'Brien" || orders[0].Notes != "Hosting & domena" {
		t.Errorf("order %+v %v", orders, err)
	}
}

func TestUTF8NamesStayIntact(t *testing.T) {
	shop := whmcstest.Generate(4, 3, 0, testNow) // Žiga Čeh, Šumi d.o.o., Müller Bau GmbH
	id := shop.AddClient(whmcstest.Client{FirstName: "Đurđa", LastName: "Šćepanović", CompanyName: "Čokolada & Žele", City: "Škofja Loka", Country: "SI"})
	shop.AddOrder(whmcstest.OrderSpec{ClientID: id, Notes: "Prosim račun — hvala 🙂"})
	a := newAPI(t, serve(t, shop))
	want := map[int64]string{1: "Žiga Čeh", 2: "Šumi d.o.o.", 3: "Müller Bau GmbH", id: "Čokolada & Žele"}
	for cid, name := range want {
		c, err := a.Client(ctx, cid)
		if err != nil || c.Name() != name {
			t.Errorf("client %d: %q %v", cid, c.Name(), err)
		}
	}
	c, _ := a.Client(ctx, id)
	if c.City != "Škofja Loka" || c.FirstName != "Đurđa" {
		t.Errorf("client %+v", c)
	}
	orders, err := collect(t, a, OrderFilter{})
	if err != nil || orders[0].Notes != "Prosim račun — hvala 🙂" || orders[0].ClientName != "Đurđa Šćepanović" {
		t.Errorf("order %+v %v", orders, err)
	}
}

func TestClientDetailsFromEitherLayout(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	a := newAPI(t, srv)
	srv.Reply("GetClientsDetails", 1, 200, `{"result":"success","userid":"12","firstname":"Anna","lastname":"Müller","companyname":"",
	 "countrycode":"de","phonenumber":"0891234567","phonecc":"49","tax_id":"DE123456789","currency_code":"EUR","taxexempt":"on"}`)
	srv.Reply("GetClientsDetails", 2, 200, `{"result":"success","client":{"client_id":12,"firstname":"Anna","lastname":"Müller",
	 "country":"DE","phonenumberformatted":"+49.891234567","tax_id":"DE123456789","currency_code":"EUR","taxexempt":true}}`)
	for i := range 2 {
		c, err := a.Client(ctx, 12)
		if err != nil || c.ID != 12 || c.Name() != "Anna Müller" || c.Country != "DE" || c.Phone != "+49.891234567" ||
			c.TaxID != "DE123456789" || !c.TaxExempt || c.CurrencyCode != "EUR" {
			t.Errorf("layout %d: %+v %v", i+1, c, err)
		}
	}
}

func TestNullsAndMissingLinks(t *testing.T) {
	shop := whmcstest.NewShop()
	gone := shop.AddClient(whmcstest.Client{FirstName: "Old", LastName: "Client", Country: "SI"})
	free := shop.AddOrder(whmcstest.OrderSpec{ClientID: gone, NoInvoice: true, PaymentMethod: "retiredgateway"})
	shop.DeleteClient(gone)
	orders, err := collect(t, newAPI(t, serve(t, shop)), OrderFilter{})
	if err != nil || len(orders) != 1 {
		t.Fatal(orders, err)
	}
	o := orders[0]
	if o.ID != free || o.InvoiceID != 0 || o.PaymentStatus != "" || o.Paid() || o.ClientName != "" || o.PaymentMethodName != "" || o.Items == nil {
		t.Errorf("order with nulls: %+v", o)
	}
}

func TestOrderCurrency(t *testing.T) {
	for _, c := range []struct{ prefix, suffix, want string }{
		{"€", " EUR", "EUR"}, {"$", " USD", "USD"}, {"", " EUR", "EUR"}, {"€", "", "EUR"}, {"$", "", "USD"},
		{"£", "", "GBP"}, {"", "", ""}, {"kr", "", ""}, {"", "kn", "HRK"}, {"CHF ", "", "CHF"},
	} {
		if got := (Order{CurrencyPrefix: c.prefix, CurrencySuffix: c.suffix}).Currency(); got != c.want {
			t.Errorf("%q/%q: %q, want %q", c.prefix, c.suffix, got, c.want)
		}
	}
}
