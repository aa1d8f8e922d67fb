package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Seats is a seat count that GitHub sends as a number or as the string "unlimited"
// (evaluation licenses). It encodes back the same way.
type Seats struct {
	N         int
	Unlimited bool
}

// String renders the count for people.
func (s Seats) String() string {
	if s.Unlimited {
		return "unlimited"
	}
	return strconv.Itoa(s.N)
}

// MarshalJSON writes a number, or "unlimited".
func (s Seats) MarshalJSON() ([]byte, error) {
	if s.Unlimited {
		return []byte(`"unlimited"`), nil
	}
	return []byte(strconv.Itoa(s.N)), nil
}

// UnmarshalJSON accepts 12, "12", "unlimited" and null. Anything else is an error.
func (s *Seats) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*s = Seats{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		str = strings.TrimSpace(str)
		if strings.EqualFold(str, "unlimited") {
			*s = Seats{Unlimited: true}
			return nil
		}
		n, err := strconv.Atoi(str)
		if err != nil {
			return fmt.Errorf("seats: %q is neither a number nor \"unlimited\"", str)
		}
		*s = Seats{N: n}
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("seats: %s is neither a number nor \"unlimited\"", b)
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		return fmt.Errorf("seats: %s is not a whole number", n)
	}
	*s = Seats{N: i}
	return nil
}

// FlexBool is a boolean that real servers also send as "" (meaning: not known),
// "true"/"false" strings, or null. Unknown is nil.
type FlexBool struct{ V *bool }

// True reports whether the value is known and true.
func (f FlexBool) True() bool { return f.V != nil && *f.V }

// MarshalJSON writes true, false or null.
func (f FlexBool) MarshalJSON() ([]byte, error) {
	if f.V == nil {
		return []byte("null"), nil
	}
	return json.Marshal(*f.V)
}

// UnmarshalJSON never fails on a string: "" and anything unrecognised become unknown.
func (f *FlexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "true":
		t := true
		f.V = &t
		return nil
	case "false":
		v := false
		f.V = &v
		return nil
	case "null":
		f.V = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("expected a boolean, got %s", Truncate(string(b), 40))
	}
	if v, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
		f.V = &v
	} else {
		f.V = nil
	}
	return nil
}

// timeLayouts are the date formats seen from GitHub servers: RFC 3339 (with and without
// fractions), the documented license example "2016/02/06 12:41:52 -0600", and plain dates.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000-07:00",
	"2006/01/02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// ParseTime parses any date format GitHub servers are known to send, in UTC. A date that
// lands outside the years 0–9999 in UTC (9999-12-31T23:59:59-01:00) is refused: no JSON
// output could carry it.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if y := t.UTC().Year(); y < 0 || y > 9999 {
				return time.Time{}, fmt.Errorf("date %q is outside the years 0–9999", Truncate(s, 40))
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", Truncate(s, 40))
}
