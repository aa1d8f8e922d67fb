package appliance

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// Appliance runs the utilities of a GitHub Enterprise Server's administrative shell
// (ssh -p 122 admin@HOST), which answer without any token: the license
// (ghe-license info -j), the hostname GitHub knows (ghe-config core.github-hostname) and
// the usage file (ghe-license usage). It only reads: it never imports a license, never
// runs ghe-license sync (a cluster-node sync, not a cloud one) and never sets a
// ghe-config key. See docs/APPLIANCE.md.
type Appliance struct {
	// Dir, when set, is where the utilities are looked up instead of PATH (tests, and
	// the stubs licensesync sim --appliance-bin writes).
	Dir string
	// Timeout, when set, bounds every run instead of each utility's own bound (run.go).
	Timeout time.Duration
	// MaxOutput, when set, caps every run's standard output in bytes instead of each
	// utility's own cap (run.go).
	MaxOutput int64

	// hostname is ghe-config core.github-hostname once read: opening a session, every
	// status and the accounts' names all ask for it, and it does not change under them.
	hostMu   sync.Mutex
	hostname string
}

// LicenseUtility is the utility whose presence means "this is the admin shell".
const LicenseUtility = "ghe-license"

// Detect returns the appliance utilities when ghe-license is found (in dir,
// or on PATH when dir is ""), else nil.
func Detect(dir string) *Appliance {
	a := &Appliance{Dir: dir}
	if a.lookUtility(LicenseUtility) == "" {
		return nil
	}
	return a
}

// applianceLicenseWire is ghe-license info -j as documented (command-line-utilities,
// "ghe-license"); every field is optional and loosely typed, so each is read alone.
type applianceLicenseWire struct {
	Seats                 json.RawMessage `json:"seats"`
	UnlimitedSeating      json.RawMessage `json:"unlimited_seating"`
	Evaluation            json.RawMessage `json:"evaluation"`
	Perpetual             json.RawMessage `json:"perpetual"`
	ExpireAt              json.RawMessage `json:"expire_at"`
	AdvancedSecuritySeats json.RawMessage `json:"advanced_security_seats"`
	AdvancedSecurity      json.RawMessage `json:"advanced_security_enabled"`
	DaysUntilExpiration   json.RawMessage `json:"days_until_expiration"`
	ReferenceNumber       json.RawMessage `json:"reference_number"`
}

// License reads the license with ghe-license info -j. Seats in use are not part of it
// (they come from the API with a token): SeatsUsedUnknown is set.
func (a *Appliance) License(ctx context.Context) (*client.License, error) {
	out, err := a.run(ctx, licenseBounds, LicenseUtility, "info", "-j")
	if err != nil {
		return nil, err
	}
	return decodeApplianceLicense(out)
}

// decodeApplianceLicense reads ghe-license info -j output. A field that is missing or of
// an odd type is left unknown; only output that is not a JSON object is an error.
func decodeApplianceLicense(out []byte) (*client.License, error) {
	var w applianceLicenseWire
	if err := json.Unmarshal(out, &w); err != nil {
		return nil, &client.Error{Kind: client.KindBadResponse, Op: "read ghe-license info -j", Err: errors.New("the output is not a JSON object"),
			Hint: "Run ghe-license info -j by hand; it needs GitHub Enterprise Server 3.13 or later."}
	}
	l := &client.License{Source: client.LicenseSourceUtility, SeatsUsedUnknown: true}
	var seats client.Seats
	if json.Unmarshal(w.Seats, &seats) == nil {
		l.Seats = seats
	}
	unlimited := flexBool(w.UnlimitedSeating)
	if unlimited != nil && *unlimited {
		l.Seats = client.Seats{Unlimited: true}
	}
	l.Evaluation, l.Perpetual = flexBool(w.Evaluation), flexBool(w.Perpetual)
	switch {
	case l.Evaluation != nil && *l.Evaluation:
		l.Kind = "evaluation"
	case l.Perpetual != nil && *l.Perpetual:
		l.Kind = "perpetual"
	}
	var ghas client.Seats
	if len(w.AdvancedSecuritySeats) > 0 && json.Unmarshal(w.AdvancedSecuritySeats, &ghas) == nil && string(w.AdvancedSecuritySeats) != "null" {
		l.AdvancedSecuritySeats = &ghas
	}
	var expire string
	if json.Unmarshal(w.ExpireAt, &expire) == nil && strings.TrimSpace(expire) != "" {
		if t, err := client.ParseTime(expire); err == nil {
			l.ExpiresAt = &t
		}
	}
	var days json.Number
	if json.Unmarshal(w.DaysUntilExpiration, &days) == nil {
		if n, err := days.Int64(); err == nil {
			l.DaysUntilExpiration = int(n)
		}
	}
	return l, nil
}

// flexBool reads true, false, "true", "false"; anything else (missing, null, odd) is nil.
func flexBool(raw json.RawMessage) *bool {
	if len(raw) == 0 {
		return nil
	}
	var f client.FlexBool
	if json.Unmarshal(raw, &f) != nil {
		return nil
	}
	return f.V
}

// Hostname is the hostname the appliance is configured with, as GitHub knows it
// (ghe-config core.github-hostname); "" when the key is not set. It only reads the key,
// once: a hostname read is kept for the Appliance's life (a failure is not).
func (a *Appliance) Hostname(ctx context.Context) (string, error) {
	a.hostMu.Lock()
	defer a.hostMu.Unlock()
	if a.hostname != "" {
		return a.hostname, nil
	}
	host, err := a.readHostname(ctx)
	a.hostname = host
	return host, err
}

// readHostname runs ghe-config core.github-hostname and checks what it prints.
func (a *Appliance) readHostname(ctx context.Context) (string, error) {
	out, err := a.run(ctx, hostnameBounds, "ghe-config", "core.github-hostname")
	if err != nil {
		return "", err
	}
	host := strings.TrimSpace(string(out))
	if strings.ContainsAny(host, " \t\r\n/") || len(host) > 253 {
		return "", &client.Error{Kind: client.KindBadResponse, Op: "read ghe-config core.github-hostname", Err: errors.New("the value is not a host name"),
			Hint: "Run ghe-config core.github-hostname by hand to see it."}
	}
	return textsafe.Sanitize(host), nil
}

// UsageUtility names the utility ExportUsage ran, for the export's report.
const UsageUtility = "ghe-license usage"

// ExportUsage runs ghe-license usage (GHES 3.13+), or ghe-license-usage on older
// releases, and returns its output unchanged: the user list in it is encrypted and is
// never parsed or altered. The utility's name is returned with it.
func (a *Appliance) ExportUsage(ctx context.Context) ([]byte, string, error) {
	out, err := a.run(ctx, usageBounds, LicenseUtility, "usage")
	// Only a ghe-license that refused the command (an older release) is asked again by
	// the old name; one that hung or flooded is said as it is.
	if err != nil && client.KindOf(err) == client.KindOther && a.lookUtility("ghe-license-usage") != "" {
		out, err = a.run(ctx, usageBounds, "ghe-license-usage")
		if err == nil {
			return out, "ghe-license-usage", nil
		}
	}
	if err != nil {
		return nil, "", err
	}
	return out, UsageUtility, nil
}
