package appliance

import (
	"bytes"
	"encoding/json"
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
// into named fields skips the rest (the encrypted user list) without copying it.
type usageInstanceWire struct {
	Instance json.RawMessage `json:"instance"`
	usageFieldsWire
}

// usageFieldsWire are the fields of an instance block, or of the file's top level.
type usageFieldsWire struct {
	ServerID json.RawMessage `json:"server_id"`
	HostName json.RawMessage `json:"host_name"`
	Hostname json.RawMessage `json:"hostname"`
	Version  json.RawMessage `json:"version"`
	Features json.RawMessage `json:"features"`
}

// maxUsageFeatures is how many feature names are kept.
const maxUsageFeatures = 100

// ReadUsageInstance reads the instance block of a usage file; every field may be
// missing or oddly typed and is then left empty.
func ReadUsageInstance(data []byte) UsageInstance {
	var top usageInstanceWire
	if json.Unmarshal(data, &top) != nil {
		return UsageInstance{Features: []string{}}
	}
	fields := top.usageFieldsWire
	var inst usageFieldsWire
	if len(top.Instance) > 0 && json.Unmarshal(top.Instance, &inst) == nil {
		fields = inst
	}
	u := UsageInstance{
		ServerID: usageString(fields.ServerID),
		HostName: usageString(fields.HostName),
		Version:  usageString(fields.Version),
		Features: usageFeatures(fields.Features),
	}
	if u.HostName == "" {
		u.HostName = usageString(fields.Hostname)
	}
	return u
}

// usageString is a JSON string, sanitised and bounded; "" for anything else.
func usageString(raw json.RawMessage) string {
	var s string
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
