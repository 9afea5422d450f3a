package eracuni_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestAnHTMLPageIsNotERacuni(t *testing.T) {
	srv := newDouble(t, nil)
	srv.Fault(eracuni.MethodSalesOrderList, 1, eracunitest.HTMLPage)
	err := newClient(t, srv, nil).Ping(context.Background())
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindNotERacuni || e.Status != 200 {
		t.Fatalf("want KindNotERacuni with HTTP 200, got %v", err)
	}
	if !strings.Contains(err.Error(), "e-računi – Prijava") || !strings.Contains(err.Error(), "wrong endpoint?") {
		t.Fatalf("message lacks the page title or the hint: %q", err)
	}
	if strings.Contains(err.Error(), "<") {
		t.Fatalf("message shows markup: %q", err)
	}
}

func TestAWrongPathIsNotERacuni(t *testing.T) {
	srv := newDouble(t, nil)
	wrong := strings.Replace(srv.URL, "/WebServicesSI/API", "/WebServices/API", 1)
	a := newClient(t, srv, func(c *eracuni.Config) { c.Endpoint = wrong })
	_, err := a.CreateSalesOrder(context.Background(), sampleOrder("1600", "2026-03-02"))
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindNotERacuni || e.Status != 404 {
		t.Fatalf("want KindNotERacuni with HTTP 404, got %v", err)
	}
	if !strings.Contains(err.Error(), "/WebServices/API") {
		t.Fatalf("message does not name the address: %q", err)
	}
}

// Every kind of failure the double can produce, worded without a secret.
func TestErrorsNeverShowSecrets(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) {
		c.Accounts = append(c.Accounts, eracunitest.Account{Username: "omejen", Password: testPassword, Token: testToken, NoSalesOrderRights: true})
	})
	ctx := context.Background()
	a := newClient(t, srv, func(c *eracuni.Config) { c.Retry.Attempts, c.Timeout = 1, 100*time.Millisecond })
	var errs []error
	for _, f := range []eracunitest.FaultKind{eracunitest.HTTP500JSON, eracunitest.HTMLPage, eracunitest.ErrorPage,
		eracunitest.Drop, eracunitest.DropAfterStore, eracunitest.Busy, eracunitest.TooManyRequests, eracunitest.Stall} {
		srv.Fault(eracuni.MethodSalesOrderCreate, 0, f)
		_, err := a.CreateSalesOrder(ctx, sampleOrder("1700", "2026-03-02"))
		srv.Fault(eracuni.MethodSalesOrderList, 0, f)
		errs = append(errs, err, a.Ping(ctx))
		srv.ClearFaults()
	}
	bad := sampleOrder("1701", "2026-03-02")
	bad.BuyerName = ""
	_, err := a.CreateSalesOrder(ctx, bad)
	errs = append(errs, err)
	errs = append(errs, newClient(t, srv, func(c *eracuni.Config) { c.Token = testToken[:31] + "0" }).Ping(ctx))
	errs = append(errs, newClient(t, srv, func(c *eracuni.Config) { c.Username = "omejen" }).Ping(ctx))
	srv.Close()
	errs = append(errs, a.Ping(ctx))

	kinds := map[eracuni.Kind]bool{}
	for i, err := range errs {
		var e *eracuni.Error
		if !asErr(err, &e) {
			t.Fatalf("error %d is %T: %v", i, err, err)
		}
		kinds[e.Kind] = true
		text := err.Error() + " " + e.FieldsText() + " " + e.Description
		for _, secret := range []string{testPassword, testMD5Pass, testToken} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
				t.Errorf("error %d shows a secret: %q", i, text)
			}
		}
		if m := e.Explain(); !strings.HasPrefix(m.Key, "eracuni.") || m.String() != err.Error() {
			t.Errorf("error %d: key %q, Explain %q, Error %q", i, m.Key, m.String(), err.Error())
		}
	}
	for _, k := range []eracuni.Kind{eracuni.KindAuth, eracuni.KindPrivileges, eracuni.KindValidation, eracuni.KindRateLimited,
		eracuni.KindBusy, eracuni.KindServer, eracuni.KindNetwork, eracuni.KindOutcomeUnknown, eracuni.KindNotERacuni} {
		if !kinds[k] {
			t.Errorf("no error of kind %v was checked", k)
		}
	}
}
