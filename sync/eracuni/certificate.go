package eracuni

import (
	"crypto/tls"
	"crypto/x509"
	"errors"

	"whmcs-eracuni/sync/message"
)

// A certificate the app cannot verify is explained by what is wrong with
// it, for the person who has to fix it. The check is never skipped, and the
// call is not retried: waiting does not make a certificate valid.
var (
	msgTLS = message.Define("eracuni.tls",
		`The certificate of {{.host}} could not be verified ({{.cause}}). Check the e-računi address in the settings (the usual one is https://e-racuni.com/WebServicesSI/API); if it is right, fix the certificate on the server. The app does not skip this check, because without it the password and token could be read by anyone between this computer and e-računi.`)
	msgTLSUntrusted = message.Define("eracuni.tls_untrusted",
		`The certificate of {{.host}} is not trusted: it is self-signed or issued by an authority this computer does not know ({{.cause}}). Check the e-računi address in the settings (the usual one is https://e-racuni.com/WebServicesSI/API); if it is right, fix the certificate on the server, or ask whoever filters this network's traffic to stop intercepting it. The app does not skip this check, because without it the password and token could be read by anyone between this computer and e-računi.`)
	msgTLSExpired = message.Define("eracuni.tls_expired",
		`The certificate of {{.host}} has expired or is not valid yet ({{.cause}}). Check that this computer's date and time are right; if they are, the certificate must be renewed on the server. The app does not skip this check, because without it the password and token could be read by anyone between this computer and e-računi.`)
	msgTLSWrongName = message.Define("eracuni.tls_wrong_name",
		`The certificate of {{.host}} is for another name ({{.cause}}). Check the e-računi address in the settings (the usual one is https://e-racuni.com/WebServicesSI/API), or fix the certificate on the server. The app does not skip this check, because without it the password and token could be read by anyone between this computer and e-računi.`)
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

// isCertificateError tells the failures a retry cannot mend.
func isCertificateError(e *Error) bool {
	_, ok := certificateMessage(e.cause)
	return e.Kind == KindNetwork && e.cause != nil && ok
}
