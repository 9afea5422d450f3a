package whmcs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/url"

	"whmcs-eracuni/sync/message"
)

// A certificate the app cannot verify is explained by what is wrong with
// it, for the person who has to fix it on the server. The check is never
// skipped: without it the API secret would go to whoever can intercept the
// connection.
var (
	msgTLSUntrusted = message.Define("whmcs.tls_untrusted",
		`The certificate of {{.host}} is not trusted: it is self-signed or issued by an authority this computer does not know ({{.cause}}). Fix the certificate on the server (a free Let's Encrypt certificate is enough), or check that the WHMCS address is right. The app does not skip this check, because without it the API secret could be read by anyone between this computer and WHMCS.`)
	msgTLSExpired = message.Define("whmcs.tls_expired",
		`The certificate of {{.host}} has expired or is not valid yet ({{.cause}}). Renew the certificate on the server, and check that this computer's date and time are right. The app does not skip this check, because without it the API secret could be read by anyone between this computer and WHMCS.`)
	msgTLSWrongName = message.Define("whmcs.tls_wrong_name",
		`The certificate of {{.host}} is for another name ({{.cause}}). Enter the WHMCS address the certificate is for, or fix the certificate on the server. The app does not skip this check, because without it the API secret could be read by anyone between this computer and WHMCS.`)
)

// certificateMessage picks the explanation for a certificate that failed
// verification; false when err is not about a certificate.
func certificateMessage(err error) (message.Template, bool) {
	var hostErr x509.HostnameError
	var unknownCA x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &hostErr):
		return msgTLSWrongName, true
	case errors.As(err, &unknownCA):
		return msgTLSUntrusted, true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return msgTLSExpired, true
	case errors.As(err, &invalid), errors.As(err, &verify):
		return msgTLS, true
	}
	return message.Template{}, false
}

// hostOf names the server in a certificate message.
func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
