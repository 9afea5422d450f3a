package eracunitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"whmcs-eracuni/sync/eracuni"
)

// The double is tested with raw requests, the way the real service is
// described, so it does not only agree with our own client.

const token = "07D316568AC3441F89981C68A30370A8"

func start(t *testing.T, mod func(*Config)) *Server {
	t.Helper()
	cfg := Config{Accounts: []Account{{Username: "micka", Password: "kovac", Token: token}}, Limit: -1}
	if mod != nil {
		mod(&cfg)
	}
	s := NewServer(cfg)
	t.Cleanup(s.Close)
	return s
}

type answer struct {
	status int
	body   string
	resp   struct {
		Status      string          `json:"status"`
		Result      json.RawMessage `json:"result"`
		APIMethod   *string         `json:"apiMethod"`
		Description string          `json:"description"`
		Release     string          `json:"release"`
		ServerTime  string          `json:"serverTime"`
	}
}

func post(t *testing.T, url, body string) answer {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	a := answer{status: res.StatusCode, body: string(b)}
	var env struct {
		Response *json.RawMessage `json:"response"`
	}
	if json.Unmarshal(b, &env) == nil && env.Response != nil {
		json.Unmarshal(*env.Response, &a.resp)
	}
	return a
}

// call builds a request the way the documentation's JSON example does.
func call(login, method, params string) string {
	return `{` + login + `,"method":"` + method + `","parameters":` + params + `}`
}

const documentedLogin = `"username":"micka","md5pass":"ddb43e9f119c6805f4770ecc4f6466ba","token":"` + token + `"`

func TestDocumentedMD5PassIsAccepted(t *testing.T) {
	s := start(t, nil)
	a := post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderList, `{}`))
	if a.status != 200 || a.resp.Status != "ok" || string(a.resp.Result) != "[]" {
		t.Fatalf("documented login refused: %d %s", a.status, a.body)
	}
	// The hash of the lower-case username is not the documented rule.
	lower := `"username":"micka","md5pass":"5df8fecbf86ca3cd3b5a26fc65a58824","token":"` + token + `"`
	a = post(t, s.URL, call(lower, eracuni.MethodSalesOrderList, `{}`))
	if a.resp.Status != "error" || a.resp.Description != eracuni.AuthFailedText {
		t.Fatalf("wrong hash accepted: %d %s", a.status, a.body)
	}
}

func TestRateLimitAnswersLikeTheRealService(t *testing.T) {
	s := start(t, func(c *Config) { c.Limit, c.Window = 4, time.Minute })
	for i := range 4 {
		if a := post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderList, `{}`)); a.status != 200 {
			t.Fatalf("request %d: %d %s", i+1, a.status, a.body)
		}
	}
	a := post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderList, `{}`))
	want := "Too Many Requests. The client with IP 127.0.0.1 has sent too many requests in a given amount of time."
	if a.status != http.StatusTooManyRequests || a.resp.Status != "error" || a.resp.Description != want || a.resp.APIMethod != nil {
		t.Fatalf("fifth request: %d %s", a.status, a.body)
	}
	if !strings.Contains(a.body, `"apiMethod":null`) || a.resp.Release == "" || a.resp.ServerTime == "" {
		t.Fatalf("body lacks the recorded fields: %s", a.body)
	}
	if s.RateLimited() != 1 || s.MaxInWindow() != 5 {
		t.Fatalf("limited %d, max %d", s.RateLimited(), s.MaxInWindow())
	}
}

func TestMaxInWindowCountsBySpan(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := start(t, func(c *Config) {
		c.Limit, c.Window = -1, 4*time.Second
		c.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	})
	// Requests at 0s, 1s, 2s, 3.9s, 4s, 5s: 0..3.9 is four within 4s; 4s
	// no longer shares a window with 0s.
	for _, at := range []time.Duration{0, time.Second, 2 * time.Second, 3900 * time.Millisecond, 4 * time.Second, 5 * time.Second} {
		mu.Lock()
		now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(at)
		mu.Unlock()
		post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderList, `{}`))
	}
	if got := s.MaxInWindow(); got != 4 {
		t.Fatalf("MaxInWindow %d, want 4", got)
	}
}

func TestValidationErrorsUseTheRealFormat(t *testing.T) {
	s := start(t, func(c *Config) { c.Warehouses = []string{"01"} })
	order := `{"SalesOrder":{"date":"2026-03-02","warehouseCode":"99","Items":[]}}`
	a := post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderCreate, order))
	want := "Error nr: 1 #buyerName - This field is required; \r\n" +
		"Error nr: 2 #Items - Document must contain at least one item; \r\n" +
		"Error nr: 3 #warehouseCode - Warehouse with code \"99\" does not exist; \r\n"
	if a.status != 500 || a.resp.Description != want || a.resp.APIMethod == nil || *a.resp.APIMethod != eracuni.MethodSalesOrderCreate {
		t.Fatalf("got %d %s", a.status, a.body)
	}
	position := `{"SalesOrder":{"buyerName":"Janez","Items":[{"position":1,"description":"x","quantity":1,"netPrice":10}]}}`
	a = post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderCreate, position))
	if a.status != 500 || !strings.Contains(a.resp.Description, "Cannot parse API parameter SalesOrder. Error: Error: Read-only property #position for data type #SalesOrderItem must not be specified") {
		t.Fatalf("got %d %s", a.status, a.body)
	}
	if len(s.Documents()) != 0 {
		t.Fatal("a refused order was stored")
	}
}

func TestDocumentedCreateExampleIsStoredAndNumbered(t *testing.T) {
	s := start(t, nil)
	order := `{"SalesOrder":{"date":"2024-05-23","buyerName":"Ivan Novak","buyerStreet":"Ilica 123","buyerPostalCode":"10000",
		"buyerCity":"Zagreb","buyerEMail":"ivan.novak@gmail.com","buyerPhone":"01/1234567",
		"Items":[{"description":"Usluga jedan","quantity":5.0,"unit":"sat","netPrice":100.0},
		         {"description":"Usluga dva","quantity":3,"unit":"sat","netPrice":50.0}]}}`
	var ids []string
	for range 2 {
		a := post(t, s.URL, call(documentedLogin, eracuni.MethodSalesOrderCreate, order))
		var doc map[string]string
		if err := json.Unmarshal(a.resp.Result, &doc); err != nil || a.status != 200 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		ids = append(ids, doc["documentID"])
		if doc["date"] != "2024-05-23" || !strings.HasPrefix(doc["number"], "2024-0000") {
			t.Fatalf("result %v", doc)
		}
	}
	if ids[0] != "60:251861" || ids[1] != "60:251862" {
		t.Fatalf("document ids %v", ids)
	}
	docs := s.Documents()
	if len(docs) != 2 || docs[1].Number != "2024-00002" || docs[0].Items[0]["quantity"] != json.Number("5.0") {
		t.Fatalf("stored %+v", docs)
	}
	// Documents returns copies: changing them changes nothing stored.
	docs[0].Fields["buyerName"] = "changed"
	if s.Documents()[0].Fields["buyerName"] != "Ivan Novak" {
		t.Fatal("Documents exposes the stored maps")
	}
}

func TestOtherPathsAndMethodsAreNotTheAPI(t *testing.T) {
	s := start(t, nil)
	res, err := http.Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", res.StatusCode)
	}
	a := post(t, strings.TrimSuffix(s.URL, Path)+"/WebServices/API", call(documentedLogin, eracuni.MethodSalesOrderList, `{}`))
	if a.status != 404 || !strings.Contains(a.body, "<html>") {
		t.Fatalf("wrong path: %d %s", a.status, a.body)
	}
	a = post(t, s.URL, `not json`)
	if a.status != 500 || a.resp.Status != "error" {
		t.Fatalf("garbage: %d %s", a.status, a.body)
	}
}

func TestStallIsReleasedByClose(t *testing.T) {
	s := NewServer(Config{Accounts: []Account{{Username: "micka", Password: "kovac", Token: token}}, Limit: -1})
	s.Fault(eracuni.MethodSalesOrderList, 1, Stall)
	done := make(chan error, 1)
	go func() {
		_, err := http.Post(s.URL, "application/json", bytes.NewReader([]byte(call(documentedLogin, eracuni.MethodSalesOrderList, `{}`))))
		done <- err
	}()
	for s.Calls(eracuni.MethodSalesOrderList) == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a stalled call was answered")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close left a stalled call hanging")
	}
}
