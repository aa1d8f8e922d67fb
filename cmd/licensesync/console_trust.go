package main

// Server certificates trusted on first use (docs/CONFIG.md, "Trusted certificates"):
// kept in the configuration folder as trusted/HOST.pem, read for every command and the
// console, and written only by the console after the admin has seen the fingerprint.

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/tui/common"
)

// trustedCertPath is where the certificate trusted for serverURL is kept: the default
// configuration folder's trusted/HOST.pem (HOST_PORT.pem for a port other than 443).
func (a *app) trustedCertPath(serverURL string) string {
	a2 := *a
	a2.configFile = "" // the folder, not a --config file elsewhere
	path, _ := a2.configPath()
	u, err := url.Parse(serverURL)
	if path == "" || err != nil || u.Hostname() == "" {
		return ""
	}
	name := u.Hostname()
	if p := u.Port(); p != "" && p != "443" {
		name += "_" + p
	}
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 {
			return '_'
		}
		return r
	}, name)
	return filepath.Join(filepath.Dir(path), "trusted", name+".pem")
}

// trustedCertFile is the trusted certificate for serverURL when one was saved.
func (a *app) trustedCertFile(serverURL string) string {
	path := a.trustedCertPath(serverURL)
	if path == "" {
		return ""
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// certificateTrust gives the console its trust-on-first-use callbacks for the server of
// *cfg: read shows the certificate; trust saves the one read, if its fingerprint is the
// one the admin saw, and opens a client that trusts it.
func (a *app) certificateTrust(cfg *client.Config) (func(context.Context) (common.Certificate, error), func(string) (common.Backend, string, error)) {
	var shown []byte // the PEM of the certificate last read
	var shownFingerprint string
	read := func(ctx context.Context) (common.Certificate, error) {
		cert, err := client.PeerCertificate(ctx, cfg.ServerURL)
		if err != nil {
			return common.Certificate{}, err
		}
		shown, shownFingerprint = client.CertificatePEM(cert), client.Fingerprint(cert)
		return common.Certificate{Fingerprint: shownFingerprint, Subject: cert.Subject.String(),
			Issuer: cert.Issuer.String(), NotAfter: cert.NotAfter}, nil
	}
	trust := func(fingerprint string) (common.Backend, string, error) {
		if shown == nil || fingerprint != shownFingerprint {
			return nil, "", errors.New("the certificate changed since it was shown; check again")
		}
		path := a.trustedCertPath(cfg.ServerURL)
		if path == "" {
			return nil, "", errors.New("no configuration folder (set HOME or XDG_CONFIG_HOME)")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, "", err
		}
		if err := atomicfile.Write(path, shown, 0o600); err != nil {
			return nil, "", err
		}
		next := *cfg
		next.TrustedCertFile = path
		s, err := a.openConfig(next, func() {})
		if err != nil {
			return nil, "", err
		}
		*cfg = next
		return s.client, path, nil
	}
	return read, trust
}
