package appliance

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// UsageInstance is what a usage file says about the server that wrote it: read
// tolerantly from its "instance" block (ghe-license usage; the block's fields are
// UNCONFIRMED by GitHub's docs, see docs/APPLIANCE.md) or, where there is none, from
// top-level server_id/hostname fields. The user list is never read.
type UsageInstance struct {
	ServerID string   `json:"server_id"`
	HostName string   `json:"host_name"`
	Version  string   `json:"version"`
	Features []string `json:"features"`
}

// usageInstanceWire is the part of a usage file ReadUsageInstance looks at. Decoding
// into named fields skips the rest (the encrypted user list) without copying it, and
// each field reads its value in place (usageText, usageFeatureList).
type usageInstanceWire struct {
	Instance *usageFieldsWire `json:"instance"`
	usageFieldsWire
}

// usageFieldsWire are the fields of an instance block, or of the file's top level.
type usageFieldsWire struct {
	ServerID usageText        `json:"server_id"`
	HostName usageText        `json:"host_name"`
	Hostname usageText        `json:"hostname"`
	Version  usageText        `json:"version"`
	Features usageFeatureList `json:"features"`
}

// usageText is a JSON string made safe and bounded (usageString); anything else is "".
type usageText string

// UnmarshalJSON never fails: an odd value is left empty.
func (t *usageText) UnmarshalJSON(data []byte) error {
	*t = usageText(usageString(data))
	return nil
}

// usageFeatureList is a features list read item by item (usageFeatures).
type usageFeatureList []string

// UnmarshalJSON never fails: an odd value is an empty list.
func (f *usageFeatureList) UnmarshalJSON(data []byte) error {
	*f = usageFeatures(data)
	return nil
}

// maxUsageFeatures is how many feature names are kept.
const maxUsageFeatures = 100

// maxUsageText is the longest JSON value read as a usage file's text field; longer
// ones (no server id or host name is) are left empty unread.
const maxUsageText = 64 << 10

// ReadUsageInstance reads the instance block of a usage file (where it is no object,
// the file's top-level fields); every field may be missing or oddly typed and is then
// left empty.
func ReadUsageInstance(data []byte) UsageInstance {
	var top usageInstanceWire
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(data, &top); err != nil && !errors.As(err, &typeErr) {
		return UsageInstance{Features: []string{}}
	}
	fields := top.usageFieldsWire
	if top.Instance != nil {
		fields = *top.Instance
	}
	u := UsageInstance{
		ServerID: string(fields.ServerID),
		HostName: string(fields.HostName),
		Version:  string(fields.Version),
		Features: fields.Features,
	}
	if u.Features == nil {
		u.Features = []string{}
	}
	if u.HostName == "" {
		u.HostName = string(fields.Hostname)
	}
	return u
}

// usageString is a JSON string, sanitised and bounded; "" for anything else.
func usageString(raw json.RawMessage) string {
	var s string
	if len(raw) > maxUsageText {
		return ""
	}
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return textsafe.Sanitize(client.Truncate(strings.TrimSpace(s), 200))
}

// usageFeatures reads features as names, or as objects with a name; never nil. The
// list is read one item at a time and only its first maxUsageFeatures names are kept,
// so a list of millions costs time, not memory.
func usageFeatures(raw json.RawMessage) []string {
	out := []string{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return out
	}
	for dec.More() && len(out) < maxUsageFeatures {
		var it json.RawMessage
		if dec.Decode(&it) != nil {
			return out
		}
		name := usageString(it)
		if name == "" {
			var obj struct {
				Name json.RawMessage `json:"name"`
			}
			if json.Unmarshal(it, &obj) == nil {
				name = usageString(obj.Name)
			}
		}
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}
