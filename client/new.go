package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"

	"github.com/licensesync/licensesync/client/atomicfile"
	"github.com/licensesync/licensesync/client/transport"
)

// DefaultRequestTimeout bounds one HTTP exchange, body included, unless
// Config.RequestTimeout says otherwise.
const DefaultRequestTimeout = 60 * time.Second

// CloudOwnerSession reports a cloud owner's session (docs/APPLIANCE.md): no server, no
// server token and no appliance, but a cloud token with the cloud enterprise. Only what
// needs the cloud alone can be read; a server given without a token still needs one.
func (cfg Config) CloudOwnerSession() bool {
	return !cfg.ApplianceMode && strings.TrimSpace(cfg.ServerToken) == "" && strings.TrimSpace(cfg.ServerURL) == "" &&
		cfg.CloudToken != "" && cfg.CloudEnterprise != ""
}

// New checks cfg and builds a Client. It makes no request. Every problem with cfg is a
// KindUsage error whose Hint says how to fix it.
func New(cfg Config) (*Client, error) {
	noServer := cfg.CloudOwnerSession()
	serverURL := &url.URL{Scheme: "https", Host: "SERVER"} // never sent to
	if !noServer {
		var err error
		if serverURL, err = parseBaseURL(cfg.ServerURL, "--server", cfg.AllowHTTP); err != nil {
			return nil, err
		}
	}
	var err error
	if cfg.CloudURL == "" {
		cfg.CloudURL = DefaultCloudURL
	}
	cloudURL, err := parseBaseURL(cfg.CloudURL, "--cloud", cfg.AllowHTTP)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(cloudURL.Path, "/") {
		cloudURL.Path += "/"
	}
	if cfg.ServerToken, err = checkToken(cfg.ServerToken, cfg.ServerTokenSource, "GH_ENTERPRISE_TOKEN", !cfg.ApplianceMode && !noServer); err != nil {
		return nil, err
	}
	if cfg.CloudToken, err = checkToken(cfg.CloudToken, cfg.CloudTokenSource, "GH_TOKEN", false); err != nil {
		return nil, err
	}
	if err := CheckSlug(cfg.Enterprise, "--enterprise"); err != nil {
		return nil, err
	}
	if err := CheckSlug(cfg.CloudEnterprise, "--cloud-enterprise"); err != nil {
		return nil, err
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	cfg.Concurrency = min(cfg.Concurrency, transport.MaxConcurrency)

	base, err := baseHTTPClient(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:             cfg,
		serverURL:       serverURL,
		cloudURL:        cloudURL,
		retry:           transport.DefaultRetryPolicy(),
		pollInterval:    syncPollInterval,
		checkpointEvery: defaultCheckpointEvery,
		now:             time.Now,
		noServer:        noServer,
	}
	c.serverPacer = transport.NewPacer(cfg.ServerPace.Resolve(transport.Pace{}))
	c.cloudPacer = transport.NewPacer(cfg.CloudPace.Resolve(transport.DefaultCloudPace))
	c.snapshots = cfg.Snapshots
	trace := transport.NewTracer(cfg.Debug, cfg.ServerToken, cfg.CloudToken)
	serverHTTP := withTransport(base, &transport.PacedTransport{Next: transport.NewTransport(base.Transport, serverURL, cfg.ServerToken, trace), Pacer: c.serverPacer})
	cloudHTTP := withTransport(base, &transport.PacedTransport{Next: transport.NewTransport(base.Transport, cloudURL, cfg.CloudToken, trace), Pacer: c.cloudPacer})
	serverHTTP.CheckRedirect, cloudHTTP.CheckRedirect = transport.SameHostRedirects, transport.SameHostRedirects

	root := serverURL.String()
	if c.server, err = github.NewClient(serverHTTP).WithEnterpriseURLs(root, root); err != nil {
		return nil, usageError("the server URL", "Check --server", err)
	}
	c.cloud = github.NewClient(cloudHTTP)
	c.cloud.BaseURL = cloudURL
	c.server.UserAgent, c.cloud.UserAgent = userAgent(cfg.Version), userAgent(cfg.Version)
	return c, nil
}

// userAgent is what every request says it is, so an administrator reading the
// appliance's or GitHub's logs can tell licensesync's requests apart.
func userAgent(version string) string {
	if version = strings.TrimSpace(version); version == "" {
		version = "dev"
	}
	return "licensesync/" + version
}

// parseBaseURL accepts "host", "host:port" or a full http(s) URL and refuses plain http
// to anything but loopback unless allowHTTP is set.
func parseBaseURL(raw, flag string, allowHTTP bool) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, usageError("no URL given for "+flag, "Pass "+flag+" URL or set it in the environment", nil)
	}
	raw = WithHTTPS(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, usageError(fmt.Sprintf("%s %q is not a valid URL", flag, raw),
			"Pass "+flag+" as https://HOST (an http(s) URL with a host name and no user name)", nil)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, usageError(fmt.Sprintf("%s %q has port %s", flag, raw, port),
				"Give a port from 1 to 65535, or none for https's 443", nil)
		}
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	if u.Scheme == "http" && !allowHTTP && !isLoopback(u.Hostname()) {
		return nil, usageError(fmt.Sprintf("%s %s uses plain http", flag, u.Redacted()),
			"Use https, or pass --allow-http if you really mean to send the token unencrypted", nil)
	}
	return u, nil
}

// CheckBaseURL reports whether raw is a URL New accepts for flag, so that a command can
// say a mistyped URL before it asks for the token that goes with it.
func CheckBaseURL(raw, flag string, allowHTTP bool) error {
	_, err := parseBaseURL(raw, flag, allowHTTP)
	return err
}

// WithHTTPS is raw with "https://" put in front when it names no scheme: "host" and
// "host:port" mean https, the only defaulting of a scheme in licensesync.
func WithHTTPS(raw string) string {
	if strings.Contains(raw, "://") {
		return raw
	}
	return "https://" + raw
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkToken trims the token and refuses one that is blank or spans several lines. An
// empty token is an error only when required.
func checkToken(token, source, defaultSource string, required bool) (string, error) {
	if source == "" {
		source = defaultSource
	}
	if token == "" {
		if required {
			return "", usageError("no server token", "Set "+source+" to a classic token of a site admin", nil)
		}
		return "", nil
	}
	t := strings.Trim(token, " \t\r\n")
	if t == "" {
		return "", usageError("the token from "+source+" is blank", "Set "+source+" to the token itself", nil)
	}
	if i := strings.IndexFunc(t, isUnfitTokenRune); i >= 0 {
		r, _ := utf8.DecodeRuneInString(t[i:])
		return "", usageError(fmt.Sprintf("the token from %s contains %s (U+%04X), which no token has", source, runeClass(r), r),
			"Set "+source+" to the token alone, on one line, as GitHub shows it (copying from a web page or a document can add invisible characters)", nil)
	}
	return t, nil
}

// isUnfitTokenRune reports a rune no token can hold and that would change what is sent
// or hide what the token is: any Unicode space (NBSP, U+2028, U+0085 …), control or
// format character (zero-width space and joiners, bidi controls, U+FEFF …).
func isUnfitTokenRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// runeClass names the kind of rune isUnfitTokenRune refused, for the message.
func runeClass(r rune) string {
	switch {
	case unicode.IsSpace(r):
		return "a space or line break"
	case unicode.IsControl(r):
		return "a control character"
	case r == utf8.RuneError:
		return "bytes that are not UTF-8"
	}
	return "an invisible format character"
}

// baseHTTPClient returns the caller's test client, or one with sane timeouts and the
// extra CA certificates.
func baseHTTPClient(cfg Config) (*http.Client, error) {
	if cfg.HTTPClient != nil {
		return cfg.HTTPClient, nil
	}
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSHandshakeTimeout = min(15*time.Second, timeout)
	tr.ResponseHeaderTimeout = timeout
	tr.MaxIdleConnsPerHost = transport.MaxConcurrency
	if cfg.CACertFile != "" || cfg.TrustedCertFile != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		for _, f := range []struct{ file, name string }{{cfg.CACertFile, "--ca-cert"}, {cfg.TrustedCertFile, "the trusted certificate"}} {
			if f.file == "" {
				continue
			}
			if err := addCerts(pool, f.file, f.name); err != nil {
				return nil, err
			}
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}

// maxPEMBytes bounds a certificate file; a system's whole CA bundle is under 1 MiB.
const maxPEMBytes = 16 << 20

// addCerts adds every certificate in the PEM file to pool; name says what the file is
// in an error ("--ca-cert", "the trusted certificate").
func addCerts(pool *x509.CertPool, file, name string) error {
	pem, err := atomicfile.ReadRegular(file, maxPEMBytes) // never a pipe or device
	if err != nil {
		return usageError("cannot read "+name+" "+file, "Pass "+name+" a readable PEM file", unwrapPathError(err))
	}
	if !pool.AppendCertsFromPEM(pem) {
		return usageError(name+" "+file+" holds no PEM certificate",
			"Pass "+name+" a file with one or more -----BEGIN CERTIFICATE----- blocks", nil)
	}
	return nil
}

// unwrapPathError drops the file name os adds, since the message already says it.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// withTransport copies hc with another transport.
func withTransport(hc *http.Client, rt http.RoundTripper) *http.Client {
	c := *hc
	c.Transport = rt
	return &c
}

// usageError is a KindUsage error.
func usageError(op, hint string, err error) *Error {
	return &Error{Kind: KindUsage, Op: op, Hint: hint + ".", Err: err}
}
