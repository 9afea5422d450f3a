// Package testcert makes certificates for tests of how the clients explain a
// certificate they cannot verify: an authority of its own, and servers on
// 127.0.0.1 whose certificate is valid, expired or for another name. It
// never touches the system's trust store.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"
)

// Authority is a certificate authority that only the clients given its
// Client trust.
type Authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

// NewAuthority makes a new authority.
func NewAuthority() *Authority {
	key := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "whmcs-eracuni test authority"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der := must(x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key))
	cert := must(x509.ParseCertificate(der))
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &Authority{cert: cert, key: key, pool: pool}
}

// Client is an HTTP client that trusts this authority (and nothing else).
func (a *Authority) Client() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: a.pool}
	return &http.Client{Transport: tr}
}

// Leaf describes a server certificate.
type Leaf struct {
	DNSNames  []string // with no names and no IPs: 127.0.0.1
	IPs       []net.IP
	NotBefore time.Time // zero: an hour ago
	NotAfter  time.Time // zero: in a day
}

// Server is an HTTPS server on 127.0.0.1 with a certificate from a.
// Handshakes counts TLS connections attempted, Requests the requests that
// got through.
type Server struct {
	*httptest.Server
	Handshakes, Requests atomic.Int64
}

// Serve starts h behind a certificate described by leaf.
func (a *Authority) Serve(h http.Handler, leaf Leaf) *Server {
	if len(leaf.DNSNames) == 0 && len(leaf.IPs) == 0 {
		leaf.IPs = []net.IP{net.IPv4(127, 0, 0, 1)}
	}
	if leaf.NotBefore.IsZero() {
		leaf.NotBefore = time.Now().Add(-time.Hour)
	}
	if leaf.NotAfter.IsZero() {
		leaf.NotAfter = time.Now().Add(24 * time.Hour)
	}
	key := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "whmcs-eracuni test server"},
		DNSNames:     leaf.DNSNames,
		IPAddresses:  leaf.IPs,
		NotBefore:    leaf.NotBefore,
		NotAfter:     leaf.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der := must(x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key))
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.TLS = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			s.Handshakes.Add(1)
			return nil, nil
		},
	}
	s.StartTLS()
	return s
}

// SelfSigned starts h behind httptest's own certificate, which no client
// trusts unless told to.
func SelfSigned(h http.Handler) *Server {
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		s.Handshakes.Add(1)
		return nil, nil
	}}
	s.Server.StartTLS() // adds httptest's certificate to the config
	return s
}

func must[T any](v T, err error) T {
	if err != nil {
		panic("testcert: " + err.Error())
	}
	return v
}
