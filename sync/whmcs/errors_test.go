package whmcs

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestWrongSecretIsNeverRetried(t *testing.T) {
	srv := serve(t, whmcstest.Generate(5, 2, 2, testNow))
	a := newAPI(t, srv, func(c *Config) { c.Secret = "wrong-secret" })
	_, err := a.Client(ctx, 1)
	e := asError(t, err, KindAuth)
	mustContain(t, err.Error(), "Authentication Failed", "does not retry", "three failed logins")
	if e.Status != 403 || srv.Calls("GetClientsDetails") != 1 {
		t.Errorf("status %d after %d calls", e.Status, srv.Calls("GetClientsDetails"))
	}
	// The same client makes no further call, whatever it is asked.
	_, err2 := a.Invoice(ctx, 1001)
	_, err3 := collect(t, a, OrderFilter{})
	asError(t, err2, KindAuth)
	asError(t, err3, KindAuth)
	if n := srv.TotalCalls(); n != 1 {
		t.Errorf("%d calls after an authentication failure, want 1", n)
	}
}

func TestUnknownIdentifierIsAuthFailure(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	a := newAPI(t, srv, func(c *Config) { c.Identifier = "no-such-identifier" })
	_, err := a.Client(ctx, 1)
	asError(t, err, KindAuth)
	mustContain(t, err.Error(), "Invalid or missing credentials", "Manage API Credentials")
}

func TestInvalidIPNamesTheIPAndTheFix(t *testing.T) {
	shop := whmcstest.NewShop()
	shop.SetAllowedIPs("203.0.113.50")
	srv := serve(t, shop)
	_, err := newAPI(t, srv).Client(ctx, 1)
	e := asError(t, err, KindIPNotAllowed)
	if e.IP != "127.0.0.1" || e.Status != 403 {
		t.Errorf("IP %q status %d", e.IP, e.Status)
	}
	mustContain(t, err.Error(), "127.0.0.1", "Configuration > System Settings > General Settings > Security > API IP Access Restriction", "access key")
	if srv.Calls("GetClientsDetails") != 1 {
		t.Errorf("retried: %d calls", srv.Calls("GetClientsDetails"))
	}
}

func TestAccessKeyBypassesTheIPList(t *testing.T) {
	shop := whmcstest.Generate(6, 2, 1, testNow)
	shop.SetAllowedIPs()
	shop.SetAccessKey("Ak!(9)-x")
	srv := serve(t, shop)
	if _, err := newAPI(t, srv, func(c *Config) { c.AccessKey = "Ak!(9)-x" }).Client(ctx, 1); err != nil {
		t.Fatalf("with the access key: %v", err)
	}
	_, err := newAPI(t, srv).Client(ctx, 1)
	asError(t, err, KindIPNotAllowed)
	_, err = newAPI(t, srv, func(c *Config) { c.AccessKey = "wrong-key" }).Client(ctx, 1)
	asError(t, err, KindAuth)
	mustContain(t, err.Error(), "access key", "configuration.php")
}

func TestThreeFailedLoginsBanTheIP(t *testing.T) {
	clk := &clock{t: testNow}
	shop := whmcstest.Generate(7, 2, 1, testNow)
	shop.Now = clk.Now
	srv := serve(t, shop)
	for i := range 3 {
		_, err := newAPI(t, srv, func(c *Config) { c.Secret = "typo" }).Client(ctx, 1)
		if e := asError(t, err, KindAuth); e.Status != 403 {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	good := newAPI(t, srv)
	_, err := good.Client(ctx, 1)
	asError(t, err, KindIPBanned)
	mustContain(t, err.Error(), "banned", "15 minutes", "Configuration > System Settings > Banned IPs")
	clk.Add(14 * time.Minute)
	_, err = good.Client(ctx, 1)
	asError(t, err, KindIPBanned)
	clk.Add(2 * time.Minute)
	if _, err := good.Client(ctx, 1); err != nil {
		t.Fatalf("after the ban expired: %v", err)
	}
}

func TestMissingPermissionNamesTheAction(t *testing.T) {
	shop := whmcstest.Generate(8, 2, 1, testNow)
	shop.AddCredential("sync-only", "s3cret", "GetOrders")
	srv := serve(t, shop)
	a := newAPI(t, srv, func(c *Config) { c.Identifier, c.Secret = "sync-only", "s3cret" })
	if _, err := collect(t, a, OrderFilter{}); err != nil {
		t.Fatal(err)
	}
	_, err := a.Client(ctx, 1)
	e := asError(t, err, KindPermission)
	if e.Action != "GetClientsDetails" || e.Status != 403 {
		t.Errorf("action %q status %d", e.Action, e.Status)
	}
	mustContain(t, err.Error(), "does not allow GetClientsDetails", "Configuration > System Settings > Manage API Credentials > API Roles", "tick GetClientsDetails")
}

func TestNotWHMCSShowsWhatCameBack(t *testing.T) {
	for _, c := range []struct {
		fault  whmcstest.FaultKind
		status int
		want   []string
	}{
		{whmcstest.HTMLPage, 403, []string{"HTTP 403", "Attention Required! | Cloudflare", "Cloudflare"}},
		{whmcstest.NotFoundPage, 404, []string{"HTTP 404", "404 Not Found"}},
		{whmcstest.LoginRedirect, 302, []string{"HTTP 302", "/index.php?rp=/login", "login page"}},
	} {
		srv := serve(t, whmcstest.Generate(9, 2, 1, testNow))
		srv.Fault("GetClientsDetails", 0, c.fault)
		_, err := newAPI(t, srv).Client(ctx, 1)
		e := asError(t, err, KindNotWHMCS)
		if e.Status != c.status {
			t.Errorf("fault %v: status %d", c.fault, e.Status)
		}
		mustContain(t, err.Error(), c.want...)
		if strings.ContainsAny(e.Excerpt, "<>") || utf8.RuneCountInString(e.Excerpt) > 121 || e.Excerpt == "" {
			t.Errorf("excerpt not sanitised: %q", e.Excerpt)
		}
		if n := srv.Calls("GetClientsDetails"); n != 1 {
			t.Errorf("fault %v: %d calls; a page that is not WHMCS must not be retried", c.fault, n)
		}
	}
}

func TestLongHTMLExcerptIsShortAndTagFree(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	page := `<html><head><title>Login &amp; Security</title><script>var x = "<b>";</script><style>p{}</style></head><body>` +
		strings.Repeat("<p>Please log in to continue.</p>\n", 40) + `</body></html>`
	srv.Reply("GetOrders", 0, 200, page)
	_, err := collect(t, newAPI(t, srv), OrderFilter{})
	e := asError(t, err, KindNotWHMCS)
	if !strings.HasPrefix(e.Excerpt, "Login & Security Please log in to continue.") || strings.Contains(e.Excerpt, "var x") ||
		utf8.RuneCountInString(e.Excerpt) > 121 || !strings.HasSuffix(e.Excerpt, "…") {
		t.Errorf("excerpt %q", e.Excerpt)
	}
}

func TestMalformedUTF8IsBadDataInWHMCS(t *testing.T) {
	srv := serve(t, whmcstest.Generate(10, 2, 3, testNow))
	srv.Fault("GetOrders", 0, whmcstest.MalformedUTF8)
	_, err := collect(t, newAPI(t, srv), OrderFilter{})
	asError(t, err, KindBadData)
	mustContain(t, err.Error(), "broken encoding", "Malformed UTF-8", "not a problem of this app", "retype")
	if n := srv.Calls("GetOrders"); n != 1 {
		t.Errorf("bad data retried: %d calls", n)
	}
	// Really broken text in a client makes WHMCS's json_encode fail.
	shop := whmcstest.NewShop()
	id := shop.AddClient(whmcstest.Client{FirstName: "\xc8eh", LastName: "Novak", Country: "SI"})
	_, err = newAPI(t, serve(t, shop)).Client(ctx, id)
	asError(t, err, KindBadData)
	mustContain(t, err.Error(), fmt.Sprintf("client %d", id))
}

func TestUnknownClientAndInvoiceAreNotFound(t *testing.T) {
	srv := serve(t, whmcstest.Generate(11, 2, 1, testNow))
	a := newAPI(t, srv)
	_, err := a.Client(ctx, 999)
	asError(t, err, KindNotFound)
	mustContain(t, err.Error(), "no client with ID 999")
	_, err = a.Invoice(ctx, 999)
	asError(t, err, KindNotFound) // {"status":"error",...} without "result"
	mustContain(t, err.Error(), "no invoice with ID 999")
}

func TestOtherAPIErrorsAreShownAsWHMCSSaidThem(t *testing.T) {
	srv := serve(t, whmcstest.NewShop())
	srv.Reply("GetOrders", 0, 200, `{"result":"error","message":"Something odd happened"}`)
	_, err := collect(t, newAPI(t, srv), OrderFilter{})
	asError(t, err, KindAPI)
	mustContain(t, err.Error(), `GetOrders`, `"Something odd happened"`)
}

func TestErrorsNeverContainTheSecret(t *testing.T) {
	const secret, key = "Sup3r$ecret&x=1", "AK-9f8e7d6c"
	echo := "secret=" + strings.ReplaceAll(secret, "$", "%24") + " " + secret + " " + key
	scenarios := []func(srv *whmcstest.Server){
		func(srv *whmcstest.Server) {
			srv.Reply("GetOrders", 0, 403, `<html><body>Blocked request: `+echo+`</body></html>`)
		},
		func(srv *whmcstest.Server) { srv.Reply("GetOrders", 0, 500, `<h1>Fatal</h1> `+echo) },
		func(srv *whmcstest.Server) {
			srv.Reply("GetOrders", 0, 200, `{"result":"error","message":"bad `+echo+`"}`)
		},
		func(srv *whmcstest.Server) {
			srv.Reply("GetOrders", 0, 200, `{"result":"success","orders":{"order":[{"id":1,"amount":"`+secret+`"}]}}`)
		},
		func(srv *whmcstest.Server) { srv.Shop().SetAllowedIPs() },
		func(srv *whmcstest.Server) { srv.Shop().AddCredential(whmcstest.DemoIdentifier, "other") },
	}
	for i, setup := range scenarios {
		srv := serve(t, whmcstest.Generate(12, 1, 1, testNow))
		setup(srv)
		a := newAPI(t, srv, func(c *Config) { c.Secret, c.AccessKey = secret, key })
		_, err := collect(t, a, OrderFilter{})
		if err == nil {
			t.Fatalf("scenario %d: no error", i)
		}
		var e *Error
		errors.As(err, &e)
		for _, leak := range []string{secret, key, "Sup3r"} {
			if s := fmt.Sprintf("%v %+v %+v", err, *e, e.Explain()); strings.Contains(s, leak) {
				t.Errorf("scenario %d leaks %q: %s", i, leak, s)
			}
		}
	}
	for _, u := range []string{"https://admin:" + secret + "@shop.example.com", "http://shop.example.com/?secret=" + secret} {
		_, err := New(Config{URL: u, Identifier: "id", Secret: secret})
		if err == nil || strings.Contains(err.Error(), "Sup3r") {
			t.Errorf("%v", err)
		}
	}
}

func TestErrorExplainCarriesAKey(t *testing.T) {
	shop := whmcstest.NewShop()
	shop.SetAllowedIPs()
	_, err := newAPI(t, serve(t, shop)).Client(ctx, 1)
	var e *Error
	if !errors.As(err, &e) || e.Explain().Key != "whmcs.ip_not_allowed" || e.Explain().Args["ip"] != "127.0.0.1" || e.Error() != e.Explain().String() {
		t.Fatalf("%#v", e.Explain())
	}
	if KindIPNotAllowed.String() != "ip-not-allowed" {
		t.Error(KindIPNotAllowed.String())
	}
}
