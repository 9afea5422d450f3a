package eracuni

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary answers to the decoder. Whatever comes
// back, it must not panic, must give either a result or an error, and an
// error must be a known kind whose text holds no secret. Seeds from the
// recorded answers live in testdata/fuzz/FuzzDecodeResponse.
func FuzzDecodeResponse(f *testing.F) {
	secrets := []string{"kovac-pass", "ddb43e9f119c6805f4770ecc4f6466ba", "07D316568AC3441F89981C68A30370A8"}
	f.Fuzz(func(t *testing.T, status int, body []byte, create bool) {
		c := callInfo{method: MethodSalesOrderCreate, username: "micka", endpoint: "https://e-racuni.com/WebServicesSI/API",
			create: create, red: newRedactor(secrets...)}
		if !create {
			c.method = MethodSalesOrderList
		}
		result, err := decodeResponse(c, status, body)
		if (result == nil) == (err == nil) {
			t.Fatalf("result %q and error %v: want exactly one", result, err)
		}
		if err == nil {
			if !json.Valid(result) {
				t.Fatalf("result is not JSON: %q", result)
			}
			rows, _ := listRows(result)
			for _, r := range rows {
				_ = scalar(r[ResultDocumentID]) + scalar(r[FieldReference])
			}
			return
		}
		if err.Kind < KindConfig || err.Kind > KindNotERacuni {
			t.Fatalf("unknown kind %d", err.Kind)
		}
		text := err.Error() + err.FieldsText() + err.Description
		if err.Error() == "" || len(err.Error()) > 20000 {
			t.Fatalf("message of %d bytes", len(err.Error()))
		}
		lower := strings.ToLower(text)
		for _, s := range secrets {
			if strings.Contains(lower, strings.ToLower(s)) {
				t.Fatalf("secret %q in %q", s, text)
			}
		}
	})
}
