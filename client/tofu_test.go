package client

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustOnFirstUse: a server with a certificate no root vouches for fails as KindTLS;
// PeerCertificate reads that certificate (its fingerprint is what openssl shows), and a
// client given it as TrustedCertFile then talks to the server.
func TestTrustOnFirstUse(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"installed_version":"3.22.0"}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	c, err := New(Config{ServerURL: srv.URL, ServerToken: testServerToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fast(c).Meta(context.Background()); KindOf(err) != KindTLS {
		t.Fatalf("an untrusted certificate: err = %v", err)
	}

	cert, err := PeerCertificate(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(srv.Certificate().Raw)
	want := strings.ToUpper(strings.ReplaceAll(fmt.Sprintf("% x", sum[:]), " ", ":"))
	if got := Fingerprint(cert); got != want {
		t.Fatalf("fingerprint %s, want %s", got, want)
	}

	file := filepath.Join(t.TempDir(), "trusted.pem")
	if err := os.WriteFile(file, CertificatePEM(cert), 0o600); err != nil {
		t.Fatal(err)
	}
	trusted, err := New(Config{ServerURL: srv.URL, ServerToken: testServerToken, TrustedCertFile: file})
	if err != nil {
		t.Fatal(err)
	}
	m, err := fast(trusted).Meta(context.Background())
	if err != nil || m.InstalledVersion != "3.22.0" {
		t.Fatalf("with the certificate trusted: %v %+v", err, m)
	}
}

func TestPeerCertificateNeedsHTTPS(t *testing.T) {
	if _, err := PeerCertificate(context.Background(), "http://127.0.0.1:1"); KindOf(err) != KindUsage {
		t.Fatalf("err = %v", err)
	}
}
