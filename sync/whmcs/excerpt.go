package whmcs

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

const excerptLen = 120

var (
	reInvisible = regexp.MustCompile(`(?is)<(script|style|noscript)\b.*?</(script|style|noscript)\s*>|<!--.*?-->`)
	reTag       = regexp.MustCompile(`(?s)<[^>]*>`)
)

// excerpt is what the owner sees of an answer that was not the WHMCS API:
// the readable text of an HTML page (a Cloudflare block, a login form, a PHP
// error), without tags, scripts or control characters, the secret hidden
// before clipping so no part of it can survive the cut.
func (a *API) excerpt(body []byte) string {
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	s := strings.ToValidUTF8(string(trimBody(body)), "")
	s = reInvisible.ReplaceAllString(s, " ")
	s = reTag.ReplaceAllString(s, " ")
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[:i] // an unclosed tag at the cut
	}
	s = html.UnescapeString(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = a.redact(s)
	if s == "" {
		return "(empty answer)"
	}
	return clip(s, excerptLen)
}
