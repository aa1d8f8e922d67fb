package common

import (
	"time"
)

// Certificate is what the admin is shown of a server certificate before trusting it.
type Certificate struct {
	Fingerprint string // SHA-256, colon-separated hex
	Subject     string
	Issuer      string
	NotAfter    time.Time
}
