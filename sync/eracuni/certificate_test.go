package eracuni_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/time/rate"

	"whmcs-eracuni/internal/testcert"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/message"
)

// A certificate the client cannot verify is explained by what is wrong with
// it; nothing is sent, a create is not left "outcome unknown", and nothing
// is retried.
func TestCertificateProblemsAreExplainedAndNeverBypassed(t *testing.T) {
	ca := testcert.NewAuthority()
	double := func() *eracunitest.Server {
		return eracunitest.New(eracunitest.Config{Accounts: []eracunitest.Account{{Username: testUser, Password: testPassword, Token: testToken}}, Limit: -1})
	}
	cases := []struct {
		name    string
		srv     func() *testcert.Server
		trustCA bool
		key     string
		says    string
	}{
		{"self-signed", func() *testcert.Server { return testcert.SelfSigned(double().Handler()) }, false,
			"eracuni.tls_untrusted", "is not trusted"},
		{"expired", func() *testcert.Server {
			return ca.Serve(double().Handler(), testcert.Leaf{NotBefore: time.Now().AddDate(-1, 0, 0), NotAfter: time.Now().AddDate(0, 0, -1)})
		}, true, "eracuni.tls_expired", "has expired"},
		{"another name", func() *testcert.Server {
			return ca.Serve(double().Handler(), testcert.Leaf{DNSNames: []string{"e-racuni.example.com"}})
		}, true, "eracuni.tls_wrong_name", "is for another name"},
	}
	order := eracuni.SalesOrder{Date: "2026-12-03", Reference: "WHMCS 4726193850", BuyerName: "Žiga Čeh",
		Items: []eracuni.Item{{Description: "Gostovanje", Quantity: decimal.NewFromInt(1), Price: decimal.RequireFromString("9.90"), VATRate: decimal.NewFromInt(22)}}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.srv()
			defer srv.Close()
			cfg := eracuni.Config{Endpoint: srv.URL + eracunitest.Path, Username: testUser, Password: testPassword, Token: testToken,
				Timeout: 5 * time.Second, Limiter: rate.NewLimiter(rate.Inf, 1), Retry: eracuni.Retry{Attempts: 5, Base: time.Millisecond, Max: time.Millisecond}}
			if tc.trustCA {
				cfg.HTTPClient = ca.Client()
			}
			a, err := eracuni.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, call := range []struct {
				name string
				do   func() error
			}{
				{"ping", func() error { return a.Ping(context.Background()) }},
				{"create", func() error { _, err := a.CreateSalesOrder(context.Background(), order); return err }},
			} {
				before := srv.Handshakes.Load()
				err := call.do()
				var ex message.Explainer
				if !errors.As(err, &ex) || ex.Explain().Key != tc.key {
					t.Fatalf("%s: error %v, want the explanation %s", call.name, err, tc.key)
				}
				text := err.Error()
				host := strings.TrimPrefix(srv.URL, "https://")
				for _, want := range []string{"certificate of " + host, tc.says, "does not skip this check"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s: message lacks %q:\n%s", call.name, want, text)
					}
				}
				for _, secret := range []string{testPassword, testToken, eracuni.MD5Pass(testUser, testPassword)} {
					if strings.Contains(text, secret) {
						t.Errorf("%s: the message holds a secret", call.name)
					}
				}
				if eracuni.IsKind(err, eracuni.KindOutcomeUnknown) {
					t.Errorf("%s: a create that never left is marked outcome-unknown", call.name)
				}
				if h := srv.Handshakes.Load() - before; h != 1 {
					t.Errorf("%s: %d handshakes, want 1: a certificate problem is not retried", call.name, h)
				}
			}
			if r := srv.Requests.Load(); r != 0 {
				t.Errorf("%d requests reached the server past a certificate it could not verify", r)
			}
		})
	}
}
