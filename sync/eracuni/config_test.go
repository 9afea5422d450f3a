package eracuni_test

import (
	"fmt"
	"strings"
	"testing"

	"whmcs-eracuni/sync/eracuni"
)

func TestMD5PassMatchesTheDocumentedExample(t *testing.T) {
	// The documentation's XML example logs in user micka with password kovac
	// as md5pass ddb43e9f…, which is md5("MICKAkovac").
	if got := eracuni.MD5Pass("micka", "kovac"); got != testMD5Pass {
		t.Fatalf("MD5Pass(micka, kovac) = %s, want %s", got, testMD5Pass)
	}
	if eracuni.MD5Pass("micka", "KOVAC") == testMD5Pass {
		t.Fatal("the password's case must be kept")
	}
}

func TestNewRefusesSettingsThatCannotWork(t *testing.T) {
	ok := eracuni.Config{Endpoint: "https://e-racuni.com/WebServicesSI/API", Username: testUser, Password: testPassword, Token: testToken}
	cases := []struct {
		name string
		mod  func(*eracuni.Config)
		want string
	}{
		{"plain http to a remote host", func(c *eracuni.Config) { c.Endpoint = "http://e-racuni.com/WebServicesSI/API" }, "must start with https://"},
		{"not a URL", func(c *eracuni.Config) { c.Endpoint = "e-racuni.com" }, "is not a web address"},
		{"ftp", func(c *eracuni.Config) { c.Endpoint = "ftp://e-racuni.com/API" }, "is not a web address"},
		{"no username", func(c *eracuni.Config) { c.Username = " " }, "username is empty"},
		{"no password nor secret key", func(c *eracuni.Config) { c.Password = "" }, "Neither an e-računi password nor a secret key"},
		{"password and secret key", func(c *eracuni.Config) { c.SecretKey = testSecret }, "Both an e-računi password and a secret key"},
		{"no token", func(c *eracuni.Config) { c.Token = "" }, "Settings > Company settings > Web services – API"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.mod(&cfg)
			_, err := eracuni.New(cfg)
			if !eracuni.IsKind(err, eracuni.KindConfig) {
				t.Fatalf("want KindConfig, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("message %q does not say %q", err, tc.want)
			}
			for _, secret := range []string{testPassword, testSecret, testToken} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("message leaks a secret: %q", err)
				}
			}
		})
	}
	for _, endpoint := range []string{"", "http://127.0.0.1:8080/WebServicesSI/API", "http://localhost/WebServicesSI/API", "http://[::1]:9/API"} {
		cfg := ok
		cfg.Endpoint = endpoint
		if _, err := eracuni.New(cfg); err != nil {
			t.Errorf("endpoint %q refused: %v", endpoint, err)
		}
	}
}

func TestConfigAndAPIPrintWithoutSecrets(t *testing.T) {
	cfg := eracuni.Config{Endpoint: "https://e-racuni.com/WebServicesSI/API", Username: testUser, Password: testPassword, Token: testToken}
	a, err := eracuni.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(a), fmt.Sprintf("%#v", a)} {
		for _, secret := range []string{testPassword, testToken, testMD5Pass} {
			if strings.Contains(s, secret) {
				t.Errorf("%q shows a secret", s)
			}
		}
	}
}
