package whmcs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/internal/testcert"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// A certificate the client cannot verify is explained by what is wrong with
// it, the secret is never sent, and the call is not retried.
func TestCertificateProblemsAreExplainedAndNeverBypassed(t *testing.T) {
	ca := testcert.NewAuthority()
	cases := []struct {
		name    string
		srv     func() *testcert.Server
		trustCA bool
		key     string
		says    string
	}{
		{"self-signed", func() *testcert.Server { return testcert.SelfSigned(whmcstest.New(nil).Handler()) }, false,
			"whmcs.tls_untrusted", "is not trusted"},
		{"expired", func() *testcert.Server {
			return ca.Serve(whmcstest.New(nil).Handler(), testcert.Leaf{NotBefore: time.Now().AddDate(-1, 0, 0), NotAfter: time.Now().AddDate(0, 0, -1)})
		}, true, "whmcs.tls_expired", "has expired"},
		{"another name", func() *testcert.Server {
			return ca.Serve(whmcstest.New(nil).Handler(), testcert.Leaf{DNSNames: []string{"shop.example.com"}})
		}, true, "whmcs.tls_wrong_name", "is for another name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.srv()
			defer srv.Close()
			cfg := whmcs.Config{URL: srv.URL, Identifier: whmcstest.DemoIdentifier, Secret: whmcstest.DemoSecret,
				Timeout: 5 * time.Second, Retry: whmcs.Retry{Attempts: 4, Base: time.Millisecond, Max: time.Millisecond}}
			if tc.trustCA {
				cfg.HTTPClient = ca.Client()
			}
			a, err := whmcs.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = a.Client(context.Background(), 1)
			var ex message.Explainer
			if !errors.As(err, &ex) || ex.Explain().Key != tc.key {
				t.Fatalf("error %v, want the explanation %s", err, tc.key)
			}
			text := err.Error()
			host := strings.TrimPrefix(srv.URL, "https://")
			for _, want := range []string{"certificate of " + host, tc.says, "does not skip this check"} {
				if !strings.Contains(text, want) {
					t.Errorf("message lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, whmcstest.DemoSecret) {
				t.Error("the message holds the secret")
			}
			if !whmcs.IsKind(err, whmcs.KindNetwork) {
				t.Errorf("kind of %v", err)
			}
			if h, r := srv.Handshakes.Load(), srv.Requests.Load(); h != 1 || r != 0 {
				t.Errorf("%d handshakes and %d requests reached the server, want 1 and 0 (no retry, nothing sent)", h, r)
			}
		})
	}
}
