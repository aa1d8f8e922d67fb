package client

// Trust on first use (docs/CONFIG.md, "Trusted certificates"): an appliance with a
// self-signed certificate can be trusted after the admin has compared its SHA-256
// fingerprint. PeerCertificate reads the certificate without trusting it (nothing is
// sent over that connection); Config.TrustedCertFile then adds the saved certificate to
// the roots, as --ca-cert adds a CA.

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// PeerCertificate connects to the server of serverURL, completes a TLS handshake without
// verifying it, and returns the certificate the server presented; the connection is
// closed without a request.
func PeerCertificate(ctx context.Context, serverURL string) (*x509.Certificate, error) {
	const op = "read the server's certificate"
	u, err := url.Parse(WithHTTPS(strings.TrimSpace(serverURL)))
	if err != nil || u.Host == "" || u.Scheme != "https" {
		return nil, usageError(op, "Give the server's https:// URL", err)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "443")
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	d := tls.Dialer{Config: &tls.Config{
		ServerName: u.Hostname(),
		// Only to read what the server presents, for the admin to compare; nothing is
		// sent, and the certificate is used only once the admin has said to trust it.
		InsecureSkipVerify: true, //nolint:gosec
		MinVersion:         tls.VersionTLS12,
	}}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &Error{Kind: KindUnreachable, Op: op, Err: err,
			Hint: fmt.Sprintf("No TLS answer from %s; check the URL and the network.", addr)}
	}
	defer conn.Close()
	certs := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return nil, &Error{Kind: KindTLS, Op: op, Hint: fmt.Sprintf("%s presented no certificate.", addr)}
	}
	return certs[0], nil
}

// Fingerprint is a certificate's SHA-256 fingerprint as browsers and openssl show it:
// 32 upper-case hex pairs joined by colons.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(pairs, ":")
}

// CertificatePEM is the certificate as one PEM block, as Config.TrustedCertFile holds it.
func CertificatePEM(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}
