package client

import (
	"encoding/json"

	"github.com/licensesync/licensesync/client/textsafe"
)

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
	l.SeatsSent, l.SeatsUsedSent, l.SeatsAvailableSent = licenseNotNumbers(body)
	return l, nil
}

// licenseNotNumbers is what came for the seats, the seats used and the seats available
// of a license body when it was present but no number (a number in a string counts, as
// the lenient decode takes it), nor "unlimited" for seats: the decode leaves it at 0.
func licenseNotNumbers(body []byte) (seats, used, available string) {
	var raw struct {
		Seats          json.RawMessage `json:"seats"`
		SeatsUsed      json.RawMessage `json:"seats_used"`
		SeatsAvailable json.RawMessage `json:"seats_available"`
	}
	if json.Unmarshal(body, &raw) != nil {
		return "", "", ""
	}
	sent := func(b json.RawMessage, ok bool) string {
		if ok || len(b) == 0 || string(b) == "null" {
			return ""
		}
		return textsafe.Sanitize(Truncate(string(b), 40))
	}
	isSeats := func(b json.RawMessage) bool { return json.Unmarshal(b, new(Seats)) == nil }
	isCount := func(b json.RawMessage) bool {
		var s Seats
		return json.Unmarshal(b, &s) == nil && !s.Unlimited
	}
	return sent(raw.Seats, isSeats(raw.Seats)), sent(raw.SeatsUsed, isCount(raw.SeatsUsed)), sent(raw.SeatsAvailable, isSeats(raw.SeatsAvailable))
}

// MarshalJSON writes the license as the status contract has it (README, status --json):
// seats_used and seats_available are null when SeatsUsedUnknown, seats when
// SeatsUnknown and seats_available when SeatsAvailableUnknown, never an invented 0.
func (l License) MarshalJSON() ([]byte, error) {
	type plain License
	if !l.SeatsUsedUnknown && !l.SeatsUnknown && !l.SeatsAvailableUnknown && !l.DaysUnknown {
		return json.Marshal(plain(l))
	}
	out := struct {
		plain
		Seats               *Seats `json:"seats"`
		SeatsUsed           *int   `json:"seats_used"`
		SeatsAvailable      *Seats `json:"seats_available"`
		DaysUntilExpiration *int   `json:"days_until_expiration"`
	}{plain: plain(l)}
	if !l.DaysUnknown {
		out.DaysUntilExpiration = &l.DaysUntilExpiration
	}
	if !l.SeatsUnknown {
		out.Seats = &l.Seats
	}
	if !l.SeatsUsedUnknown {
		out.SeatsUsed = &l.SeatsUsed
		if !l.SeatsAvailableUnknown {
			out.SeatsAvailable = &l.SeatsAvailable
		}
	}
	return json.Marshal(out)
}

// MergeUsage takes the seats in use from api (the REST license, read with a token) into
// l (read with ghe-license); l keeps its source and the fields only ghe-license has.
func (l *License) MergeUsage(api *License) {
	if api == nil {
		return
	}
	l.SeatsUsed, l.SeatsAvailable, l.SeatsUsedUnknown = api.SeatsUsed, api.SeatsAvailable, false
	l.SeatsUsedSent, l.SeatsAvailableSent = api.SeatsUsedSent, api.SeatsAvailableSent
	if l.Kind == "" {
		l.Kind = api.Kind
	}
	if l.ExpiresAt == nil {
		l.ExpiresAt = api.ExpiresAt
	}
	if l.DaysUntilExpiration == 0 {
		l.DaysUntilExpiration = api.DaysUntilExpiration
	}
}
