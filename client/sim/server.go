package sim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Server is a Sim listening on a loopback socket.
type Server struct {
	*Sim
	// URL is the root, e.g. http://127.0.0.1:43117 (no trailing slash).
	URL string
	// CACertFile is the PEM file of the self-signed certificate when serving TLS.
	CACertFile string
	srv        *http.Server
	ln         net.Listener
}

// Start builds a Sim and serves it on addr (a loopback address such as
// "127.0.0.1:0"). With tlsDir set it serves HTTPS with a fresh self-signed
// certificate for 127.0.0.1, ::1 and localhost, written to tlsDir/sim-ca.pem.
func Start(opts Options, addr, tlsDir string) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sim: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("sim: address %q is not a loopback address", addr)
	}
	if opts.Stock && opts.Hostname == "" {
		// A stock appliance is reached by its own name, and the cloud knows it by that
		// name: here, the loopback address it listens on.
		opts.Hostname = host
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	logTo := opts.Log
	if logTo == nil {
		logTo = io.Discard
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(logTo, "sim: ", 0)}
	scheme, caFile := "http", ""
	if tlsDir != "" {
		cert, file, err := selfSigned(tlsDir)
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme, caFile = "https", file
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sim: listen: %w", err)
	}
	go func() {
		if tlsDir != "" {
			srv.ServeTLS(ln, "", "")
			return
		}
		srv.Serve(ln)
	}()
	return &Server{Sim: s, URL: scheme + "://" + ln.Addr().String(), CACertFile: caFile, srv: srv, ln: ln}, nil
}

// ServerURL is the GHES root; the API is under /api/v3/.
func (s *Server) ServerURL() string { return s.URL }

// CloudURL is the GHEC API base.
func (s *Server) CloudURL() string { return s.URL + "/cloud/" }

// Close stops serving and closes open connections.
func (s *Server) Close() error {
	err := s.srv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Env returns the export lines that point licensesync at the sim.
func (s *Server) Env() []string {
	vars := [][2]string{
		{"LICENSESYNC_SERVER", s.ServerURL()},
		{"LICENSESYNC_ENTERPRISE", s.opts.Enterprise},
		{"LICENSESYNC_CLOUD", s.CloudURL()},
		{"LICENSESYNC_CLOUD_ENTERPRISE", s.opts.CloudEnterprise},
		{"GH_ENTERPRISE_TOKEN", ServerAdminToken},
		{"GH_TOKEN", CloudAdminToken},
	}
	if s.CACertFile != "" {
		vars = append(vars, [2]string{"LICENSESYNC_CA_CERT", s.CACertFile})
	}
	lines := make([]string, len(vars))
	for i, v := range vars {
		lines[i] = "export " + v[0] + "=" + shellQuote(v[1])
	}
	return lines
}

// shellQuote quotes v for a POSIX shell when it needs quoting.
func shellQuote(v string) string {
	if v != "" && strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0 {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// selfSigned makes a certificate for the loopback names and writes it (not the
// key) to dir/sim-ca.pem, so clients can trust it with --ca-cert.
func selfSigned(dir string) (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("sim: TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("sim: TLS serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "licensesync sim", Organization: []string{"licensesync demo"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("sim: TLS certificate: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, "", fmt.Errorf("sim: TLS dir: %w", err)
	}
	file := filepath.Join(dir, "sim-ca.pem")
	pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(file, pemData, 0o644); err != nil {
		return tls.Certificate{}, "", fmt.Errorf("sim: write certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, file, nil
}
