package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// expiredServer serves TLS with a self-signed certificate for 127.0.0.1 that expired a
// day ago, and writes it to a PEM file to trust with --ca-cert.
func expiredServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "expired"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"installed_version":"3.22.0"}`))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.Config.ErrorLog = nil
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, file
}

func TestExpiredCertificateSaysSo(t *testing.T) {
	srv, ca := expiredServer(t)
	for _, caFile := range []string{"", ca} {
		c, err := New(Config{ServerURL: srv.URL, ServerToken: testServerToken, CACertFile: caFile})
		if err != nil {
			t.Fatal(err)
		}
		_, err = fast(c).Meta(context.Background())
		if KindOf(err) != KindTLS || !strings.Contains(err.Error(), "--ca-cert") {
			t.Fatalf("ca %q: err = %v", caFile, err)
		}
		if caFile != "" && !strings.Contains(err.Error(), "expired") {
			t.Errorf("trusted but expired: the message does not say expired: %v", err)
		}
		assertNoToken(t, "error", err.Error())
	}
}
