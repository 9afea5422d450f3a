package whmcs

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// BenchmarkDecodeOrdersPage measures what the client does with one full
// GetOrders page of 100 generated orders: classify the answer and decode it.
func BenchmarkDecodeOrdersPage(b *testing.B) {
	shop := whmcstest.Generate(1, 40, 100, testNow)
	shop.SetAccessKey("bench")
	form := url.Values{"action": {"GetOrders"}, "identifier": {whmcstest.DemoIdentifier}, "secret": {whmcstest.DemoSecret},
		"accesskey": {"bench"}, "responsetype": {"json"}, "limitstart": {"0"}, "limitnum": {"100"}}
	req := httptest.NewRequest(http.MethodPost, "/includes/api.php", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	whmcstest.New(shop).Handler().ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	a, _ := New(Config{URL: "https://shop.example.com", Identifier: "i", Secret: "s"})
	decode := func() page[Order] {
		data, e, _ := a.classify("GetOrders", 200, nil, body, subject{})
		if e != nil {
			b.Fatal(e)
		}
		page, err := decodeOrdersPage(data)
		if err != nil {
			b.Fatal(err)
		}
		return page
	}
	if n := len(decode().items); n != 100 {
		b.Fatalf("%d orders in the page", n)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		decode()
	}
}
