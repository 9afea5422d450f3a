package whmcstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// obj is a JSON object that keeps its keys in order, as PHP arrays do, so
// bodies read like the examples in the notes.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) set(k string, v any) obj { return append(o, kv{k, v}) }

// encoder writes WHMCS-style JSON and notices invalid UTF-8, which makes
// WHMCS's json_encode fail for the whole answer.
type encoder struct {
	buf     bytes.Buffer
	badUTF8 bool
}

func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.buf.WriteString("null")
	case obj:
		e.buf.WriteByte('{')
		for i, p := range x {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.str(p.k)
			e.buf.WriteByte(':')
			e.value(p.v)
		}
		e.buf.WriteByte('}')
	case []any:
		e.buf.WriteByte('[')
		for i, el := range x {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.value(el)
		}
		e.buf.WriteByte(']')
	case string:
		e.str(x)
	case int64:
		e.buf.WriteString(strconv.FormatInt(x, 10))
	case int:
		e.buf.WriteString(strconv.Itoa(x))
	case bool:
		e.buf.WriteString(strconv.FormatBool(x))
	case json.RawMessage:
		e.buf.Write(x)
	default:
		b, _ := json.Marshal(x)
		e.buf.Write(b)
	}
}

// str escapes like PHP's json_encode with the flags Diactoros passes
// (HEX_TAG|HEX_APOS|HEX_AMP|HEX_QUOT|UNESCAPED_SLASHES, notes §1.6): no
// JSON_UNESCAPED_UNICODE, so every non-ASCII character is a \uXXXX escape
// (lowercase hex, surrogate pairs beyond the BMP) and < > & ' " are
// \u003C \u003E \u0026 \u0027 \u0022. Invalid UTF-8 makes the whole
// answer fail, as in WHMCS.
func (e *encoder) str(s string) {
	if !utf8.ValidString(s) {
		e.badUTF8 = true
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	b := &e.buf
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\u0022`)
		case r == '<':
			b.WriteString(`\u003C`)
		case r == '>':
			b.WriteString(`\u003E`)
		case r == '&':
			b.WriteString(`\u0026`)
		case r == '\'':
			b.WriteString(`\u0027`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		case r < 0x80:
			b.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
}

func encode(v any) ([]byte, bool) {
	var e encoder
	e.value(v)
	return e.buf.Bytes(), !e.badUTF8
}

// typing renders numbers and booleans as WHMCS 8.x does, or as 7.x (every
// number a string, booleans "1"/"").
type typing struct{ allStrings bool }

func (t typing) int(v int64) any {
	if t.allStrings {
		return strconv.FormatInt(v, 10)
	}
	return v
}

func (t typing) bool(v bool) any {
	if t.allStrings {
		if v {
			return "1"
		}
		return ""
	}
	return v
}

// flag is a 0/1 column (taxed, dnsmanagement).
func (t typing) flag(v bool) any {
	n := int64(0)
	if v {
		n = 1
	}
	return t.int(n)
}
