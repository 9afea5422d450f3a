package eracuni_test

import (
	"context"
	"strings"
	"testing"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestPingWithPasswordSendsMD5Pass(t *testing.T) {
	srv := newDouble(t, nil)
	if err := newClient(t, srv, nil).Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderList); n != 1 {
		t.Fatalf("Ping made %d SalesOrderList calls, want 1", n)
	}
}

func TestSecretKeyLogsIn(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) {
		c.Accounts = []eracunitest.Account{{Username: "api-user", SecretKey: testSecret, Token: testToken}}
	})
	a := newClient(t, srv, func(c *eracuni.Config) { c.Username, c.Password, c.SecretKey = "api-user", "", testSecret })
	if err := a.Ping(context.Background()); err != nil {
		t.Fatalf("Ping with secret key: %v", err)
	}
	wrong := newClient(t, srv, func(c *eracuni.Config) { c.Username, c.Password, c.SecretKey = "api-user", "", "sk-wrong-0000" })
	if err := wrong.Ping(context.Background()); !eracuni.IsKind(err, eracuni.KindAuth) {
		t.Fatalf("wrong secret key: want KindAuth, got %v", err)
	}
}

func TestWrongCredentialsAreAnAuthErrorWithTheNextStep(t *testing.T) {
	srv := newDouble(t, nil)
	cases := map[string]func(*eracuni.Config){
		"password": func(c *eracuni.Config) { c.Password = "kovac2" },
		"token":    func(c *eracuni.Config) { c.Token = "00000000000000000000000000000000" },
		"username": func(c *eracuni.Config) { c.Username = "janez" },
	}
	for name, mod := range cases {
		t.Run(name, func(t *testing.T) {
			before := srv.Calls("")
			_, err := newClient(t, srv, mod).CreateSalesOrder(context.Background(), sampleOrder("1043", "2026-03-02"))
			if kindOf(t, err) != eracuni.KindAuth {
				t.Fatalf("want KindAuth, got %v", err)
			}
			if !strings.Contains(err.Error(), "Settings > Company settings > Web services – API") {
				t.Fatalf("message lacks where to find the token: %q", err)
			}
			if n := srv.Calls("") - before; n != 1 {
				t.Fatalf("a refused login was sent %d times, want 1", n)
			}
		})
	}
	if n := len(srv.Documents()); n != 0 {
		t.Fatalf("refused logins stored %d documents", n)
	}
}

func TestMissingRightsAreAPrivilegesError(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) {
		c.Accounts = []eracunitest.Account{
			{Username: testUser, Password: testPassword, Token: testToken, NoSalesOrderRights: true},
			{Username: "racuni", Password: testPassword, Token: testToken, NoSalesInvoiceRights: true},
		}
	})
	a := newClient(t, srv, nil)
	err := a.Ping(context.Background())
	if kindOf(t, err) != eracuni.KindPrivileges {
		t.Fatalf("Ping without sales order rights: want KindPrivileges, got %v", err)
	}
	if !strings.Contains(err.Error(), "rights for sales orders and sales invoices") {
		t.Fatalf("message lacks the next step: %q", err)
	}
	if _, err := a.CreateSalesOrder(context.Background(), sampleOrder("1043", "2026-03-02")); !eracuni.IsKind(err, eracuni.KindPrivileges) {
		t.Fatalf("create without rights: want KindPrivileges, got %v", err)
	}
	b := newClient(t, srv, func(c *eracuni.Config) { c.Username = "racuni" })
	if _, err := b.SalesInvoices(context.Background(), "2026-03-01", "2026-03-31"); !eracuni.IsKind(err, eracuni.KindPrivileges) {
		t.Fatalf("invoice list without invoice rights: want KindPrivileges, got %v", err)
	}
}
