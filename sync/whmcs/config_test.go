package whmcs

import (
	"context"
	"strings"
	"testing"

	"whmcs-eracuni/sync/whmcs/whmcstest"
)

func TestNewResolvesEveryURLForm(t *testing.T) {
	for in, want := range map[string]string{
		"https://shop.example.com":                             "https://shop.example.com/includes/api.php",
		"https://shop.example.com/":                            "https://shop.example.com/includes/api.php",
		"https://example.com/whmcs/":                           "https://example.com/whmcs/includes/api.php",
		"https://example.com/whmcs":                            "https://example.com/whmcs/includes/api.php",
		"https://example.com/whmcs/includes/api.php":           "https://example.com/whmcs/includes/api.php",
		"https://example.com/whmcs/includes/":                  "https://example.com/whmcs/includes/api.php",
		"  shop.example.com  ":                                 "https://shop.example.com/includes/api.php",
		"HTTPS://shop.example.com/billing/?rp=/login#top":      "https://shop.example.com/billing/includes/api.php",
		"https://shop.example.com:8443/whmcs/includes/API.php": "https://shop.example.com:8443/whmcs/includes/api.php",
	} {
		a, err := New(Config{URL: in, Identifier: "id", Secret: "s"})
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if a.Endpoint() != want {
			t.Errorf("%q resolved to %q, want %q", in, a.Endpoint(), want)
		}
	}
}

func TestEveryURLFormReachesWHMCSInAFolder(t *testing.T) {
	shop := whmcstest.Generate(1, 3, 5, testNow)
	srv := whmcstest.New(shop)
	srv.SetBasePath("/whmcs")
	srv.Start()
	t.Cleanup(srv.Close)
	for _, u := range []string{srv.URL, srv.URL + "/", srv.URL + "/includes/api.php"} {
		a := newAPI(t, srv, func(c *Config) { c.URL = u })
		orders, err := collect(t, a, OrderFilter{})
		if err != nil || len(orders) != 5 {
			t.Errorf("%s: %d orders, %v", u, len(orders), err)
		}
	}
}

func TestWrongFolderIsReportedAsNotWHMCS(t *testing.T) {
	srv := whmcstest.New(whmcstest.NewShop())
	srv.SetBasePath("/whmcs")
	srv.Start()
	t.Cleanup(srv.Close)
	root := strings.TrimSuffix(srv.URL, "/whmcs")
	a := newAPI(t, srv, func(c *Config) { c.URL = root })
	_, err := a.Client(context.Background(), 1)
	e := asError(t, err, KindNotWHMCS)
	if e.Status != 404 {
		t.Errorf("status %d, want 404", e.Status)
	}
	mustContain(t, err.Error(), "HTTP 404", "Not Found", "Check the WHMCS address")
}

func TestPlainHTTPIsRefusedExceptOnThisComputer(t *testing.T) {
	for _, u := range []string{"http://shop.example.com", "http://192.168.1.5/whmcs", "http://10.0.0.1", "ftp://shop.example.com"} {
		_, err := New(Config{URL: u, Identifier: "id", Secret: "s"})
		asError(t, err, KindConfig)
	}
	_, err := New(Config{URL: "http://shop.example.com", Identifier: "id", Secret: "s"})
	mustContain(t, err.Error(), "https://", "unencrypted")
	for _, u := range []string{"http://127.0.0.1:8080", "http://127.9.9.9/whmcs", "http://localhost:81", "http://[::1]:8080/"} {
		if _, err := New(Config{URL: u, Identifier: "id", Secret: "s"}); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
}

func TestNewExplainsMissingSettings(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{Identifier: "id", Secret: "s"}, "Enter the address"},
		{Config{URL: "https://", Identifier: "id", Secret: "s"}, "not a web address"},
		{Config{URL: "https://x.example", Secret: "s"}, "API identifier"},
		{Config{URL: "https://x.example", Identifier: "id"}, "API secret"},
	}
	for _, c := range cases {
		_, err := New(c.cfg)
		asError(t, err, KindConfig)
		mustContain(t, err.Error(), c.want)
	}
}
