package whmcs

import (
	"errors"
	"testing"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestCheckAccessAllAllowedWithCheapCalls(t *testing.T) {
	srv := serve(t, whmcstest.Generate(40, 3, 30, testNow))
	checks := newAPI(t, srv).CheckAccess(ctx)
	want := []Check{{"GetOrders", true, true, nil}, {"GetClientsDetails", true, true, nil}, {"GetInvoice", false, true, nil}}
	if len(checks) != 3 {
		t.Fatalf("%+v", checks)
	}
	for i := range want {
		if checks[i] != want[i] {
			t.Errorf("check %d: %+v, want %+v", i, checks[i], want[i])
		}
	}
	if f := srv.Forms("GetOrders"); len(f) != 1 || f[0].Get("limitnum") != "1" {
		t.Errorf("GetOrders probe: %v", f)
	}
	if f := srv.Forms("GetClientsDetails"); len(f) != 1 || f[0].Get("clientid") != "0" {
		t.Errorf("GetClientsDetails probe: %v", f)
	}
	if f := srv.Forms("GetInvoice"); len(f) != 1 || f[0].Get("invoiceid") != "0" {
		t.Errorf("GetInvoice probe: %v", f)
	}
}

func TestCheckAccessNamesAMissingRequiredAction(t *testing.T) {
	shop := whmcstest.Generate(41, 2, 2, testNow)
	shop.AddCredential("orders-only", "pw", "GetOrders", "GetInvoice")
	srv := serve(t, shop)
	checks := newAPI(t, srv, func(c *Config) { c.Identifier, c.Secret = "orders-only", "pw" }).CheckAccess(ctx)
	if !checks[0].Allowed || checks[1].Allowed || !checks[2].Allowed || !checks[1].Required {
		t.Fatalf("%+v", checks)
	}
	e := asError(t, checks[1].Err, KindPermission)
	if e.Action != "GetClientsDetails" {
		t.Errorf("names %q", e.Action)
	}
	mustContain(t, checks[1].Err.Error(), "GetClientsDetails", "API Roles")
}

func TestCheckAccessGetInvoiceIsOptional(t *testing.T) {
	shop := whmcstest.Generate(42, 2, 2, testNow)
	shop.AddCredential("seed", "pw", "getorders", "getclientsdetails")
	srv := serve(t, shop)
	checks := newAPI(t, srv, func(c *Config) { c.Identifier, c.Secret = "seed", "pw" }).CheckAccess(ctx)
	if !checks[0].Allowed || !checks[1].Allowed || checks[0].Err != nil || checks[1].Err != nil {
		t.Fatalf("required checks: %+v", checks)
	}
	if c := checks[2]; c.Action != "GetInvoice" || c.Required || c.Allowed || !IsKind(c.Err, KindPermission) {
		t.Errorf("GetInvoice check: %+v", c)
	}
}

func TestCheckAccessStopsAfterAnAuthenticationFailure(t *testing.T) {
	srv := serve(t, whmcstest.Generate(43, 2, 2, testNow))
	checks := newAPI(t, srv, func(c *Config) { c.Secret = "wrong" }).CheckAccess(ctx)
	if n := srv.TotalCalls(); n != 1 {
		t.Fatalf("%d calls after a failed login, want 1", n)
	}
	for _, c := range checks {
		if c.Allowed || !errors.Is(c.Err, checks[0].Err) || !IsKind(c.Err, KindAuth) {
			t.Errorf("%+v", c)
		}
	}
}

func TestCheckAccessReportsAGlobalProblemOnce(t *testing.T) {
	shop := whmcstest.Generate(44, 2, 2, testNow)
	shop.SetAllowedIPs()
	srv := serve(t, shop)
	checks := newAPI(t, srv).CheckAccess(ctx)
	if n := srv.TotalCalls(); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
	for _, c := range checks {
		if c.Allowed || !IsKind(c.Err, KindIPNotAllowed) {
			t.Errorf("%+v", c)
		}
	}
}
