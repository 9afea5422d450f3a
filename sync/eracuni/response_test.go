package eracuni

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var testInfo = callInfo{
	method: MethodSalesOrderCreate, username: "micka", endpoint: "https://e-racuni.com/WebServicesSI/API",
	create: true, red: newRedactor("kovac-pass", "ddb43e9f119c6805f4770ecc4f6466ba", "07D316568AC3441F89981C68A30370A8"),
}

func TestRecordedDescriptionsSplitIntoFields(t *testing.T) {
	cases := []struct {
		description string
		want        []FieldError
		text        string
	}{
		{
			"Error nr: 1 #buyerTaxNumber - VAT ID entry is mandatory for buyer registered for VAT; \r\n",
			[]FieldError{{"buyerTaxNumber", "VAT ID entry is mandatory for buyer registered for VAT"}},
			"buyerTaxNumber — VAT ID entry is mandatory for buyer registered for VAT",
		},
		{
			"Error nr: 1 #PrimaryAddress_city - This field is required; \r\nError nr: 2 #PrimaryAddress_street - This field is required; \r\nError nr: 3 #city - This field is required; \r\n",
			[]FieldError{{"PrimaryAddress_city", "This field is required"}, {"PrimaryAddress_street", "This field is required"}, {"city", "This field is required"}},
			"PrimaryAddress_city — This field is required; PrimaryAddress_street — This field is required; city — This field is required",
		},
		{
			"H2c@2024-04-15T05:10:34:Cannot parse API parameter SalesOrder. Error: Error: Read-only property #position for data type #SalesOrderItem must not be specified",
			[]FieldError{{"SalesOrderItem.position", "read-only property, must not be sent"}},
			"SalesOrderItem.position — read-only property, must not be sent",
		},
		{"Something unexpected happened", nil, "Something unexpected happened"},
	}
	for _, tc := range cases {
		_, err := decodeResponse(testInfo, 500, []byte(`{"response":{"status":"error","apiMethod":"SalesOrderCreate","description":`+quote(tc.description)+`}}`))
		if err == nil || err.Kind != KindValidation {
			t.Fatalf("%q: want KindValidation, got %v", tc.description, err)
		}
		if !slices.Equal(err.Fields, tc.want) {
			t.Errorf("%q: fields %+v, want %+v", tc.description, err.Fields, tc.want)
		}
		if err.FieldsText() != tc.text {
			t.Errorf("%q: FieldsText %q, want %q", tc.description, err.FieldsText(), tc.text)
		}
	}
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", `\r`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestAnswersAreClassifiedWhateverTheStatus(t *testing.T) {
	read := testInfo
	read.method, read.create = MethodSalesOrderList, false
	cases := []struct {
		name   string
		info   callInfo
		status int
		body   string
		want   Kind
	}{
		{"error body with 200", testInfo, 200, `{"response":{"status":"error","description":"Error nr: 1 #buyerName - This field is required; \r\n"}}`, KindValidation},
		{"too many requests", testInfo, 429, `{"response":{"status":"error","apiMethod":null,"description":"Too Many Requests. The client with IP 203.0.113.10 has sent too many requests in a given amount of time."}}`, KindRateLimited},
		{"429 without a body", testInfo, 429, ``, KindRateLimited},
		{"session lock", testInfo, 500, `{"response":{"status":"error","description":"Concurrent usage of atomic API operations is not allowed"}}`, KindBusy},
		{"privileges", testInfo, 200, `{"response":{"status":"error","description":"Access denied. User account does not have sufficient privileges for this operation"}}`, KindPrivileges},
		{"auth", testInfo, 500, `{"response":{"status":"error","description":"Access denied. Authentication failed."}}`, KindAuth},
		{"gateway page on a create", testInfo, 502, `<html><title>502 Bad Gateway</title></html>`, KindOutcomeUnknown},
		{"garbled answer to a create", testInfo, 200, `{"response":{"status":"ok","res`, KindOutcomeUnknown},
		{"gateway page on a read", read, 502, `<html><title>502 Bad Gateway</title></html>`, KindServer},
		{"garbled answer to a read", read, 200, `{"response":{"status":"ok","res`, KindNotERacuni},
		{"login page", testInfo, 200, `<!DOCTYPE html><html><body>Login</body></html>`, KindNotERacuni},
		{"other JSON", read, 200, `{"ok":true}`, KindNotERacuni},
		{"unknown status", read, 200, `{"response":{"status":"maybe"}}`, KindNotERacuni},
	}
	for _, tc := range cases {
		result, err := decodeResponse(tc.info, tc.status, []byte(tc.body))
		if err == nil || result != nil {
			t.Errorf("%s: want an error, got result %s", tc.name, result)
			continue
		}
		if err.Kind != tc.want {
			t.Errorf("%s: kind %v, want %v (%v)", tc.name, err.Kind, tc.want, err)
		}
	}
	result, err := decodeResponse(read, 500, []byte(`{"response":{"status":"ok","result":[{"documentID":"60:1"}]}}`))
	if err != nil || string(result) != `[{"documentID":"60:1"}]` {
		t.Fatalf("an ok body with HTTP 500 is still ok: %s %v", result, err)
	}
}

func TestExcerptIsShortReadableAndSecretFree(t *testing.T) {
	page := "<html><head><script>var t='07D316568AC3441F89981C68A30370A8'</script></head><body><h1>Oops</h1>" +
		"<p>request: md5pass=DDB43E9F119C6805F4770ECC4F6466BA&amp;password=kovac&#45;pass <i>kovac-pass</i></p>" + strings.Repeat("x ", 500) + "</body></html>"
	_, err := decodeResponse(testInfo, 404, []byte(page))
	text := err.Error()
	for _, secret := range []string{"07D316568AC3441F89981C68A30370A8", "ddb43e9f119c6805f4770ecc4f6466ba", "kovac-pass"} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
			t.Fatalf("secret %q in %q", secret, text)
		}
	}
	if strings.ContainsAny(text, "<>") || !strings.Contains(text, "Oops request: md5pass=***&password=") || len(text) > 600 {
		t.Fatalf("excerpt %q", text)
	}
}

func TestListRowsAcceptsTheShapesAListComesIn(t *testing.T) {
	for body, n := range map[string]int{
		`null`: 0, `[]`: 0, `[{"documentID":"60:1"},{"documentID":"60:2"}]`: 2,
		`{"SalesOrder":[{"documentID":"60:1"}]}`: 1, `{"documentID":"60:1","number":7}`: 1,
	} {
		rows, ok := listRows([]byte(body))
		if !ok || len(rows) != n {
			t.Errorf("%s: %d rows, ok %v; want %d", body, len(rows), ok, n)
		}
	}
	if _, ok := listRows([]byte(`"nothing"`)); ok {
		t.Error("a string is not a list")
	}
	if scalar([]byte(`7`)) != "7" || scalar([]byte(` "2026-00007" `)) != "2026-00007" || scalar([]byte(`{}`)) != "" {
		t.Error("scalar")
	}
}

// The limiter's own schedule, read without waiting: 20 calls asked for at
// once never put more than 4 into any 4-second window.
func TestLimiterScheduleNeverExceedsFourInFourSeconds(t *testing.T) {
	lim := NewLimiter()
	start := time.Now()
	var at []time.Duration
	for range 20 {
		at = append(at, lim.ReserveN(start, 1).DelayFrom(start))
	}
	for i := 4; i < len(at); i++ {
		if span := at[i] - at[i-4]; span < 4200*time.Millisecond {
			t.Fatalf("calls %d..%d span %v, want at least 4.2s (4s window plus a twentieth to spare)", i-4, i, span)
		}
	}
	if last := at[19]; last > 24*time.Second {
		t.Fatalf("20 calls take %v, want about 24s", last)
	}
}

func TestRetryDelaysDoubleUpToMax(t *testing.T) {
	r := Retry{}.withDefaults()
	if r.Attempts != 5 {
		t.Fatalf("attempts %d", r.Attempts)
	}
	var got []time.Duration
	for i := 1; i <= 6; i++ {
		got = append(got, r.delay(i))
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	if !slices.Equal(got, want) {
		t.Fatalf("delays %v, want %v", got, want)
	}
}
