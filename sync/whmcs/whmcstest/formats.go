package whmcstest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// xmlBody is the XML a request without responsetype=json gets for the
// "highly structured" actions (notes §1.6): what a client that forgets
// responsetype would choke on.
func xmlBody(action string, o obj) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version=\"8.7.2\">\n")
	fmt.Fprintf(&b, "<action>%s</action>\n", action)
	xmlFields(&b, o)
	b.WriteString("</whmcsapi>\n")
	return b.Bytes()
}

func xmlFields(b *bytes.Buffer, o obj) {
	for _, p := range o {
		if list, ok := p.v.([]any); ok {
			for _, el := range list {
				xmlElem(b, p.k, el)
			}
			continue
		}
		xmlElem(b, p.k, p.v)
	}
}

func xmlElem(b *bytes.Buffer, name string, v any) {
	fmt.Fprintf(b, "<%s>", name)
	switch x := v.(type) {
	case obj:
		b.WriteByte('\n')
		xmlFields(b, x)
	case nil:
	default:
		_ = xml.EscapeText(b, []byte(fmt.Sprint(x)))
	}
	fmt.Fprintf(b, "</%s>\n", name)
}

// nvpBody is the deprecated key=value; format, the default for the other
// actions; it carries only the top-level scalars.
func nvpBody(o obj) []byte {
	var parts []string
	for _, p := range o {
		switch p.v.(type) {
		case obj, []any:
			continue
		}
		v := ""
		if p.v != nil {
			v = fmt.Sprint(p.v)
		}
		parts = append(parts, p.k+"="+v)
	}
	return []byte(strings.Join(parts, ";"))
}
