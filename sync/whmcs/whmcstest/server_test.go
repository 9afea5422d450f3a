package whmcstest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func post(t *testing.T, srv *Server, form url.Values) (int, string) {
	t.Helper()
	if form.Get("identifier") == "" && form.Get("username") == "" {
		form.Set("identifier", DemoIdentifier)
		form.Set("secret", DemoSecret)
	}
	if !form.Has("responsetype") {
		form.Set("responsetype", "json")
	}
	resp, err := http.PostForm(srv.URL+"/includes/api.php", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func start(t *testing.T, shop *Shop) *Server {
	srv := NewServer(shop)
	t.Cleanup(srv.Close)
	return srv
}

func expect(t *testing.T, gotStatus int, gotBody string, status int, body string) {
	t.Helper()
	if gotStatus != status || gotBody != body {
		t.Errorf("got %d %s\nwant %d %s", gotStatus, gotBody, status, body)
	}
}

func TestExactBodiesFromTheNotes(t *testing.T) {
	shop := Generate(1, 3, 5, now)
	shop.AddCredential("orders-only", "pw", "GetOrders")
	srv := start(t, shop)
	st, body := post(t, srv, url.Values{"action": {"GetOrders"}, "id": {"999999"}})
	expect(t, st, body, 200, `{"result":"success","totalresults":0,"startnumber":0,"numreturned":0}`)
	st, body = post(t, srv, url.Values{"action": {"GetInvoice"}, "invoiceid": {"999"}})
	expect(t, st, body, 200, `{"status":"error","message":"Invoice ID Not Found"}`)
	st, body = post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"999"}})
	expect(t, st, body, 200, `{"result":"error","message":"Client Not Found"}`)
	st, body = post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"0"}})
	expect(t, st, body, 200, `{"result":"error","message":"Either clientid Or email Is Required"}`)
	st, body = post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"1"}, "identifier": {"orders-only"}, "secret": {"pw"}})
	expect(t, st, body, 403, `{"result":"error","message":"Invalid Permissions: API action \u0022getclientsdetails\u0022 is not allowed"}`)
	st, body = post(t, srv, url.Values{"action": {"GetOrders"}, "identifier": {"nobody"}, "secret": {"x"}})
	expect(t, st, body, 403, `{"result":"error","message":"Invalid or missing credentials"}`)
	st, body = post(t, srv, url.Values{"action": {"GetOrders"}, "identifier": {DemoIdentifier}, "secret": {"wrong"}})
	expect(t, st, body, 403, `{"result":"error","message":"Authentication Failed"}`)
	st, body = post(t, srv, url.Values{"action": {""}})
	expect(t, st, body, 400, `{"result":"error","message":"Empty action request"}`)
	st, body = post(t, srv, url.Values{"action": {"GetOrders"}, "responsetype": {"yaml"}})
	expect(t, st, body, 200, `{"result":"error","message":"Unsupported API response type format \u0022yaml\u0022. Supported formats include: json, xml, nvp"}`)
	shop.SetAllowedIPs("203.0.113.9")
	st, body = post(t, srv, url.Values{"action": {"GetOrders"}})
	expect(t, st, body, 403, `{"result":"error","message":"Invalid IP 127.0.0.1"}`)
}

func TestOrdersShape(t *testing.T) {
	shop := NewShop()
	id := shop.AddClient(Client{FirstName: "Anna", LastName: "Müller", CompanyName: "A &amp; B", Country: "DE"})
	shop.AddOrder(OrderSpec{ClientID: id, Date: now})
	shop.AddOrder(OrderSpec{ClientID: id, Date: now, Items: []Item{{Type: "domain", Product: "Register", Domain: "ab.de", BillingCycle: "2", Amount: decimal.RequireFromString("1234.5")}}})
	srv := start(t, shop)
	_, body := post(t, srv, url.Values{"action": {"GetOrders"}, "limitstart": {"1"}, "limitnum": {"1"}})
	for _, want := range []string{`"totalresults":2`, `"startnumber":"1"`, `"numreturned":1`, `"orders":{"order":[{"id":1,`,
		`"lineitems":[]`, `"name":"Anna M\u00fcller"`, `"currencyprefix":"\u20ac"`, `"paymentstatus":"Unpaid"`, `"paymentmethodname":"Bank Transfer"`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	_, body = post(t, srv, url.Values{"action": {"getorders"}, "limitnum": {"1"}})
	for _, want := range []string{`"id":2,`, `"lineitems":{"lineitem":[{"type":"domain"`, `"billingcycle":2,`,
		`"amount":"\u20ac1234.50 EUR"`, `"dnsmanagement":0`, `"startnumber":0`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
	shop.SetAllStrings(true)
	_, body = post(t, srv, url.Values{"action": {"GetOrders"}, "limitnum": {"1"}})
	for _, want := range []string{`"totalresults":"2"`, `"id":"2"`, `"billingcycle":"2"`, `"dnsmanagement":"0"`, `"invoiceid":"1002"`} {
		if !strings.Contains(body, want) {
			t.Errorf("7.x body lacks %s:\n%s", want, body)
		}
	}
}

func TestClientDetailsAtTopLevelAndUnderClient(t *testing.T) {
	shop := NewShop()
	id := shop.AddClient(Client{FirstName: "Žiga", LastName: "Čeh", Country: "SI", PhoneCC: "386", PhoneNumber: "41234567", TaxExempt: true})
	srv := start(t, shop)
	_, body := post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"1"}, "stats": {"false"}})
	if id != 1 || strings.Count(body, `"firstname":"\u017diga"`) != 2 || strings.Count(body, `"phonenumberformatted":"+386.41234567"`) != 2 ||
		!strings.Contains(body, `"client":{"client_id":1,`) || !strings.Contains(body, `"taxexempt":true`) ||
		!strings.Contains(body, `"stats":{`) {
		t.Errorf("body %s", body)
	}
}

func TestWithoutResponseTypeJSONTheAnswerIsXMLOrNVP(t *testing.T) {
	srv := start(t, Generate(2, 2, 2, now))
	_, body := post(t, srv, url.Values{"action": {"GetOrders"}, "responsetype": {""}})
	if !strings.HasPrefix(body, `<?xml version="1.0"`) || !strings.Contains(body, "<result>success</result>") {
		t.Errorf("GetOrders without json: %.200s", body)
	}
	_, body = post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"1"}, "responsetype": {""}})
	if !strings.HasPrefix(body, "result=success;") {
		t.Errorf("GetClientsDetails without json: %.200s", body)
	}
	_, body = post(t, srv, url.Values{"action": {"GetOrders"}, "responsetype": {"nvp"}})
	if body != `{"result":"error","message":"This API action only supports the XML or JSON response type formats"}` {
		t.Errorf("nvp: %s", body)
	}
}

func TestInvoiceShape(t *testing.T) {
	shop := NewShop()
	id := shop.AddClient(Client{FirstName: "Maja", LastName: "Kos", Country: "SI"})
	oid := shop.AddOrder(OrderSpec{ClientID: id, Date: now, Items: []Item{{Type: "product", Product: "VPS - S", Amount: decimal.RequireFromString("100")}}})
	o, _ := shop.Order(oid)
	srv := start(t, shop)
	_, body := post(t, srv, url.Values{"action": {"GetInvoice"}, "invoiceid": {"1001"}})
	for _, want := range []string{`"invoicenum":""`, `"datepaid":"0000-00-00 00:00:00"`, `"subtotal":"100.00"`, `"tax":"22.00"`,
		`"total":"122.00"`, `"balance":"122.00"`, `"taxrate":"22.000"`, `"status":"Unpaid"`, `"transactions":""`, `"taxed":1`} {
		if !strings.Contains(body, want) {
			t.Errorf("unpaid invoice lacks %s:\n%s", want, body)
		}
	}
	shop.SetClock(func() time.Time { return now.Add(time.Hour) })
	if !shop.SetInvoiceStatus(o.InvoiceID, "Paid") || shop.SetInvoiceStatus(42, "Paid") {
		t.Fatal("SetInvoiceStatus result")
	}
	_, body = post(t, srv, url.Values{"action": {"GetInvoice"}, "invoiceid": {"1001"}})
	for _, want := range []string{`"invoicenum":"2026-0001"`, `"datepaid":"2026-03-01 13:00:00"`, `"balance":"0.00"`, `"status":"Paid"`, `"amountin":"122.00"`} {
		if !strings.Contains(body, want) {
			t.Errorf("paid invoice lacks %s:\n%s", want, body)
		}
	}
	_, body = post(t, srv, url.Values{"action": {"GetOrders"}})
	if !strings.Contains(body, `"paymentstatus":"Paid"`) {
		t.Errorf("order did not follow its invoice: %s", body)
	}
	shop.RemoveCredential(DemoIdentifier)
	shop.AddCredential("x", "y")
	if st, _ := post(t, srv, url.Values{"action": {"GetInvoice"}, "invoiceid": {"1001"}, "identifier": {"x"}, "secret": {"y"}}); st != 200 {
		t.Errorf("credential without actions must allow all: %d", st)
	}
}

func TestThreeFailedLoginsBanForFifteenMinutes(t *testing.T) {
	var mu sync.Mutex
	clock := now
	shop := NewShop()
	shop.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	srv := start(t, shop)
	bad := url.Values{"action": {"GetOrders"}, "identifier": {DemoIdentifier}, "secret": {"nope"}}
	for range 3 {
		if _, body := post(t, srv, bad); !strings.Contains(body, "Authentication Failed") {
			t.Fatal(body)
		}
	}
	st, body := post(t, srv, url.Values{"action": {"GetOrders"}})
	expect(t, st, body, 403, `{"result":"error","message":"IP Banned"}`)
	if !shop.Banned("127.0.0.1") {
		t.Error("Banned false")
	}
	mu.Lock()
	clock = clock.Add(15*time.Minute + time.Second)
	mu.Unlock()
	if st, _ := post(t, srv, url.Values{"action": {"GetOrders"}}); st != 200 {
		t.Errorf("still banned after 15 minutes: %d", st)
	}
	for range 2 {
		post(t, srv, bad)
	}
	shop.Unban("127.0.0.1")
	post(t, srv, bad)
	if shop.Banned("127.0.0.1") {
		t.Error("Unban must reset the failure count")
	}
}

func TestAccessKeyAndLegacyFields(t *testing.T) {
	shop := NewShop()
	shop.SetAllowedIPs()
	shop.SetAccessKey("key")
	srv := start(t, shop)
	if st, _ := post(t, srv, url.Values{"action": {"GetOrders"}, "accesskey": {"key"}}); st != 200 {
		t.Errorf("access key: %d", st)
	}
	st, body := post(t, srv, url.Values{"action": {"GetOrders"}, "accesskey": {"nope"}})
	expect(t, st, body, 403, `{"result":"error","message":"Invalid Access Key"}`)
	if st, _ := post(t, srv, url.Values{"action": {"GetOrders"}, "accesskey": {"key"}, "username": {DemoIdentifier}, "password": {DemoSecret}}); st != 200 {
		t.Errorf("identifier/secret in username/password: %d", st)
	}
}

func TestFaultsCountersAndHook(t *testing.T) {
	srv := start(t, Generate(3, 2, 2, now))
	srv.Fault("getorders", 2, HTTP500)
	srv.Fault("GetInvoice", 0, HTMLPage)
	srv.Fault("GetClientsDetails", 1, MalformedUTF8)
	var (
		mu     sync.Mutex
		hooked []string
	)
	srv.SetBeforeCall(func(action string, call int) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, action+"#"+string(rune('0'+call)))
	})
	st1, _ := post(t, srv, url.Values{"action": {"GetOrders"}})
	st2, page := post(t, srv, url.Values{"action": {"GETORDERS"}})
	st3, _ := post(t, srv, url.Values{"action": {"GetOrders"}})
	if st1 != 200 || st2 != 500 || st3 != 200 || !strings.Contains(page, "500 Internal Server Error") {
		t.Errorf("statuses %d %d %d", st1, st2, st3)
	}
	if st, page := post(t, srv, url.Values{"action": {"GetInvoice"}, "invoiceid": {"1001"}}); st != 403 || !strings.Contains(page, "Cloudflare") {
		t.Errorf("HTML page: %d", st)
	}
	st, body := post(t, srv, url.Values{"action": {"GetClientsDetails"}, "clientid": {"1"}})
	expect(t, st, body, 200, `{"result":"error","message":"Error generating JSON encoded response: Malformed UTF-8 characters, possibly incorrectly encoded"}`)
	if srv.Calls("GetOrders") != 3 || srv.Calls("getorders") != 3 || srv.Calls("GetInvoice") != 1 || srv.TotalCalls() != 5 {
		t.Errorf("counters %d %d %d", srv.Calls("GetOrders"), srv.Calls("GetInvoice"), srv.TotalCalls())
	}
	mu.Lock()
	if strings.Join(hooked, ",") != "GetOrders#1,GetOrders#2,GetOrders#3,GetInvoice#1,GetClientsDetails#1" {
		t.Errorf("hook saw %v", hooked)
	}
	mu.Unlock()
	srv.Fault("GetOrders", 0, TruncatedJSON)
	if _, body := post(t, srv, url.Values{"action": {"GetOrders"}}); !strings.HasPrefix(body, `{"result":"success"`) || strings.HasSuffix(body, "}") {
		t.Errorf("truncated: %s", body)
	}
	srv.ClearFaults()
	srv.Fault("GetOrders", 0, Drop)
	if _, err := http.PostForm(srv.URL+"/includes/api.php", url.Values{"action": {"GetOrders"}}); err == nil {
		t.Error("Drop answered")
	}
}

func TestStallEndsWhenTheClientGivesUpOrTheServerCloses(t *testing.T) {
	srv := NewServer(Generate(4, 1, 1, now))
	srv.Fault("GetOrders", 0, Stall)
	second := make(chan struct{})
	srv.BeforeCall = func(_ string, call int) {
		if call == 2 {
			close(second)
		}
	}
	c := &http.Client{Timeout: 50 * time.Millisecond}
	if _, err := c.PostForm(srv.URL+"/includes/api.php", url.Values{"action": {"GetOrders"}}); err == nil {
		t.Error("a stalled call answered")
	}
	done := make(chan struct{})
	go func() {
		_, _ = http.PostForm(srv.URL+"/includes/api.php", url.Values{"action": {"GetOrders"}})
		close(done)
	}()
	<-second
	srv.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close left a stalled call hanging")
	}
}

func TestOtherPathsAreNotFound(t *testing.T) {
	srv := New(NewShop())
	srv.SetBasePath("/whmcs/")
	srv.Start()
	t.Cleanup(srv.Close)
	if !strings.HasSuffix(srv.URL, "/whmcs") {
		t.Fatal(srv.URL)
	}
	resp, err := http.PostForm(strings.TrimSuffix(srv.URL, "/whmcs")+"/includes/api.php", url.Values{"action": {"GetOrders"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || srv.TotalCalls() != 0 {
		t.Errorf("status %d, %d calls", resp.StatusCode, srv.TotalCalls())
	}
}

func TestFormatPrice(t *testing.T) {
	eur := Currency{Prefix: "€", Suffix: " EUR", Format: 1}
	for _, c := range []struct {
		amount string
		cur    Currency
		want   string
	}{
		{"100", eur, "€100.00 EUR"}, {"-9.9", eur, "€-9.90 EUR"}, {"0", eur, "€0.00 EUR"},
		{"1234.56", Currency{Prefix: "$", Suffix: " USD", Format: 2}, "$1,234.56 USD"},
		{"1234567.891", Currency{Format: 3}, "1.234.567,89"},
		{"1234.5", Currency{Suffix: " kr", Format: 4}, "1,235 kr"},
		{"999", Currency{Format: 2}, "999.00"},
	} {
		if got := formatPrice(decimal.RequireFromString(c.amount), c.cur); got != c.want {
			t.Errorf("%s: %q, want %q", c.amount, got, c.want)
		}
	}
}
