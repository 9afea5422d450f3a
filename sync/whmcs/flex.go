package whmcs

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The wire types below accept every shape WHMCS versions send (notes §6.5)
// and never fail to unmarshal: a value they cannot read is kept in bad, so
// the caller can name the record and the field in its error.

// badKeep is how much of an unreadable value is kept: enough that the API
// can hide a secret in it before clipping it for the message.
const badKeep = 200

// jText is a string that may arrive as a string, a number, a boolean or null.
// Objects and arrays (validationdata, renewalsByType) read as "".
type jText string

func (t *jText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null" || string(b) == "false":
		*t = ""
	case string(b) == "true":
		*t = "1"
	case b[0] == '"':
		*t = jText(unquote(b))
	case b[0] == '{' || b[0] == '[':
		*t = ""
	default:
		*t = jText(b)
	}
	return nil
}

// human decodes the HTML entities WHMCS stores in user input (&amp;, &#039;).
func (t jText) human() string { return strings.TrimSpace(html.UnescapeString(string(t))) }

func (t jText) plain() string { return strings.TrimSpace(string(t)) }

// jInt is an integer sent as 12, "12", 12.0, "" or null.
type jInt struct {
	v   int64
	bad string
}

func (n *jInt) UnmarshalJSON(b []byte) error {
	var t jText
	_ = t.UnmarshalJSON(b)
	s := t.plain()
	if s == "" {
		*n = jInt{}
		return nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = jInt{v: v}
		return nil
	}
	if d, ok := parseDecimal(s); ok && d.IsInteger() && d.Abs().LessThan(decimal.New(1, 18)) {
		*n = jInt{v: d.IntPart()}
		return nil
	}
	*n = jInt{bad: clip(s, badKeep)}
	return nil
}

// jBool reads true/false, 1/0, "1"/"0", "on"/"", "yes"/"no" and null.
// Other non-empty strings are true, as PHP would have it.
type jBool bool

func (x *jBool) UnmarshalJSON(b []byte) error {
	var t jText
	_ = t.UnmarshalJSON(b)
	switch strings.ToLower(t.plain()) {
	case "", "0", "false", "off", "no", "0.0", "0.00":
		*x = false
	default:
		*x = true
	}
	return nil
}

// jMoney is a decimal amount: "8.00", 8, "€100.00 EUR", "$1,234.56 USD",
// "1.234,56", "" or null. Never a float.
type jMoney struct {
	v   decimal.Decimal
	bad string
}

func (m *jMoney) UnmarshalJSON(b []byte) error {
	var t jText
	_ = t.UnmarshalJSON(b)
	if d, ok := parseMoney(string(t)); ok {
		*m = jMoney{v: d}
	} else {
		*m = jMoney{bad: clip(string(t), badKeep)}
	}
	return nil
}

var rePlainDecimal = regexp.MustCompile(`^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// parseDecimal reads a plain number, refusing exponents that would make
// later arithmetic enormous.
func parseDecimal(s string) (decimal.Decimal, bool) {
	if len(s) > 64 || !rePlainDecimal.MatchString(s) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(strings.TrimPrefix(s, "+"))
	if err != nil || d.Exponent() > 20 || d.Exponent() < -20 {
		return decimal.Decimal{}, false
	}
	return d, true
}

// parseMoney reads plain decimals first, then a price formatted with a
// currency prefix/suffix and grouping (see the format note in quirks.go).
func parseMoney(raw string) (decimal.Decimal, bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return decimal.Zero, true
	}
	if d, ok := parseDecimal(s); ok {
		return d, true
	}
	if len(s) > 100 {
		return decimal.Decimal{}, false
	}
	first := strings.IndexFunc(s, isDigit)
	last := strings.LastIndexFunc(s, isDigit)
	if first < 0 {
		return decimal.Decimal{}, false
	}
	if first > 0 && (s[first-1] == '.' || s[first-1] == ',') {
		// ".50" is half a unit, but the dot of a prefix like "Fr." is not.
		prev, _ := utf8.DecodeLastRuneInString(s[:first-1])
		if first == 1 || !unicode.IsLetter(prev) {
			first--
		}
	}
	neg := strings.ContainsAny(s[:first], "-−") || (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"))
	core := s[first : last+1]
	var digits strings.Builder
	var seps []int // positions in digits where a separator stood
	var sepChars []rune
	for _, r := range core {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '.' || r == ',':
			seps = append(seps, digits.Len())
			sepChars = append(sepChars, r)
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' || r == '’':
			// grouping only
		default:
			return decimal.Decimal{}, false
		}
	}
	ds := digits.String()
	decAt := -1
	if len(seps) > 0 {
		lastSep := sepChars[len(sepChars)-1]
		same := 0
		for _, c := range sepChars {
			if c == lastSep {
				same++
			}
		}
		tail := len(ds) - seps[len(seps)-1]
		mixed := same != len(sepChars)
		switch {
		case mixed:
			decAt = seps[len(seps)-1]
		case same == 1 && tail != 3:
			decAt = seps[0]
		}
	}
	num := ds
	if decAt >= 0 {
		num = ds[:decAt] + "." + ds[decAt:]
		if decAt == 0 {
			num = "0" + num
		}
		if decAt == len(ds) {
			num = ds
		}
	}
	if neg {
		num = "-" + num
	}
	return parseDecimal(num)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// jDate is the server's wall clock without a zone; "0000-00-00…" and ""
// mean unset. The value is stored in time.UTC without conversion.
type jDate struct {
	t   time.Time
	bad string
}

func (d *jDate) UnmarshalJSON(b []byte) error {
	var t jText
	_ = t.UnmarshalJSON(b)
	s := t.plain()
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		*d = jDate{}
		return nil
	}
	for _, layout := range dateLayouts {
		if v, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			*d = jDate{t: v}
			return nil
		}
	}
	*d = jDate{bad: clip(s, badKeep)}
	return nil
}

// jList is a collection in any of WHMCS's shapes: absent, null, "", [],
// {}, {"item":[…]}, {"item":{…}} (one element), or a PHP array that
// encoded as an object {"0":{…},"1":{…}}. Elements that are not objects
// are skipped.
type jList[T any] []T

func (l *jList[T]) UnmarshalJSON(b []byte) error {
	*l = decodeList[T](b, true)
	return nil
}

// decodeList relies on b being valid JSON, which encoding/json guarantees
// for the bytes it hands to UnmarshalJSON; the scanner below only finds
// member boundaries and is bounds-checked all the same.
func decodeList[T any](b []byte, unwrap bool) []T {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		var out []T
		if json.Unmarshal(b, &out) == nil {
			return out
		}
		var raws []json.RawMessage
		if json.Unmarshal(b, &raws) != nil {
			return nil
		}
		return decodeElems[T](raws)
	case '{':
		key, val, more, ok := firstMember(b)
		if !ok {
			return nil
		}
		if isIndex(key) {
			return decodeMap[T](b)
		}
		if more || !unwrap {
			return decodeElems[T]([]json.RawMessage{b})
		}
		val = bytes.TrimSpace(val)
		if len(val) > 0 && val[0] == '{' {
			if k, _, _, ok := firstMember(val); ok && !isIndex(k) {
				return decodeElems[T]([]json.RawMessage{val})
			}
		}
		return decodeList[T](val, false)
	}
	return nil
}

func decodeElems[T any](raws []json.RawMessage) []T {
	out := make([]T, 0, len(raws))
	for _, r := range raws {
		r = bytes.TrimSpace(r)
		if len(r) == 0 || r[0] != '{' {
			continue
		}
		var v T
		if json.Unmarshal(r, &v) == nil {
			out = append(out, v)
		}
	}
	return out
}

func decodeMap[T any](b []byte) []T {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	keys := make([]int, 0, len(m))
	for k := range m {
		if n, err := strconv.Atoi(k); err == nil {
			keys = append(keys, n)
		}
	}
	slices.Sort(keys)
	raws := make([]json.RawMessage, 0, len(keys))
	for _, k := range keys {
		raws = append(raws, m[strconv.Itoa(k)])
	}
	return decodeElems[T](raws)
}

func isIndex(key string) bool {
	_, err := strconv.Atoi(key)
	return err == nil
}

// firstMember finds the first key and value of a JSON object, and whether
// more members follow. ok is false for {} and for anything malformed.
func firstMember(b []byte) (key string, val []byte, more, ok bool) {
	i := skipSpace(b, 1)
	if i >= len(b) || b[i] != '"' {
		return "", nil, false, false
	}
	end := skipString(b, i)
	if end < 0 {
		return "", nil, false, false
	}
	key = unquote(b[i:end])
	i = skipSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return "", nil, false, false
	}
	start := skipSpace(b, i+1)
	stop := skipValue(b, start)
	if stop < 0 {
		return "", nil, false, false
	}
	i = skipSpace(b, stop)
	return key, b[start:stop], i < len(b) && b[i] == ',', true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				k := skipString(b, j)
				if k < 0 {
					return -1
				}
				j = k - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[j])) {
		j++
	}
	return j
}

// unquote decodes a JSON string literal (quotes included) without the
// reflection machinery: WHMCS escapes every non-ASCII character and & < > ' "
// as \uXXXX, so most strings take this path. Broken escapes and invalid
// UTF-8 become U+FFFD, as encoding/json does.
func unquote(q []byte) string {
	if len(q) < 2 {
		return ""
	}
	q = q[1 : len(q)-1]
	if bytes.IndexByte(q, '\\') < 0 {
		if utf8.Valid(q) {
			return string(q)
		}
		return strings.ToValidUTF8(string(q), "\uFFFD")
	}
	var out strings.Builder
	out.Grow(len(q))
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c != '\\' {
			out.WriteByte(c)
			continue
		}
		if i+1 >= len(q) {
			break
		}
		i++
		switch q[i] {
		case '"', '\\', '/':
			out.WriteByte(q[i])
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			r, n := hex4(q[i+1:])
			if n == 0 {
				out.WriteRune(utf8.RuneError)
				continue
			}
			i += n
			if utf16.IsSurrogate(r) {
				if i+2 < len(q) && q[i+1] == '\\' && q[i+2] == 'u' {
					if r2, n2 := hex4(q[i+3:]); n2 > 0 {
						if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
							out.WriteRune(p)
							i += 2 + n2
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			out.WriteRune(r)
		default:
			out.WriteRune(utf8.RuneError)
		}
	}
	return strings.ToValidUTF8(out.String(), "\uFFFD")
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	if err != nil {
		return 0, 0
	}
	return rune(v), 4
}

// reader turns wire values into typed ones and keeps the first unreadable
// value as a KindBadData error naming the record and the field.
type reader struct {
	action string
	what   string
	err    *Error
}

func (r *reader) int(field string, v jInt) int64 {
	if v.bad != "" {
		r.fail(field, v.bad)
	}
	return v.v
}

func (r *reader) money(field string, v jMoney) decimal.Decimal {
	if v.bad != "" {
		r.fail(field, v.bad)
	}
	return v.v
}

func (r *reader) date(field string, v jDate) time.Time {
	if v.bad != "" {
		r.fail(field, v.bad)
	}
	return v.t
}

func (r *reader) fail(field, value string) {
	if r.err == nil {
		r.err = newError(KindBadData, r.action, msgBadValue.With("what", r.what, "field", field, "value", value))
	}
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	count := 0
	for i := range s {
		if count == n {
			return strings.TrimSpace(s[:i]) + "…"
		}
		count++
	}
	return s
}
