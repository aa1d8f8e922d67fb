package client

// licenseWire is GET /enterprise/settings/license as servers send it: seats as a number
// or "unlimited", expire_at in one of several date formats.
type licenseWire struct {
	Seats               Seats  `json:"seats"`
	SeatsUsed           int    `json:"seats_used"`
	SeatsAvailable      Seats  `json:"seats_available"`
	Kind                string `json:"kind"`
	DaysUntilExpiration int    `json:"days_until_expiration"`
	ExpireAt            string `json:"expire_at"`
}

// decodeLicense decodes a license body leniently: a field of an unexpected shape is left
// at zero and the others are kept. Only a body that is not a JSON object is an error.
func decodeLicense(body []byte) (*License, error) {
	var w licenseWire
	if err := decodeLenient(body, &w); err != nil {
		return nil, err
	}
	l := &License{
		Seats:               w.Seats,
		SeatsUsed:           w.SeatsUsed,
		SeatsAvailable:      w.SeatsAvailable,
		Kind:                w.Kind,
		DaysUntilExpiration: w.DaysUntilExpiration,
	}
	if t, err := ParseTime(w.ExpireAt); err == nil && w.ExpireAt != "" {
		l.ExpiresAt = &t
	}
	return l, nil
}
