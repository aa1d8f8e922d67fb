package appliance

import (
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

// ReadUsageInstance reads the instance block of a usage file; every field may be
// missing or oddly typed and is then left empty.
func ReadUsageInstance(data []byte) UsageInstance {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return UsageInstance{Features: []string{}}
	}
	fields := top
	var inst map[string]json.RawMessage
	if raw, ok := top["instance"]; ok && json.Unmarshal(raw, &inst) == nil {
		fields = inst
	}
	u := UsageInstance{
		ServerID: usageString(fields["server_id"]),
		HostName: usageString(fields["host_name"]),
		Version:  usageString(fields["version"]),
		Features: usageFeatures(fields["features"]),
	}
	if u.HostName == "" {
		u.HostName = usageString(fields["hostname"])
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

// usageFeatures reads features as names, or as objects with a name; never nil.
func usageFeatures(raw json.RawMessage) []string {
	out := []string{}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return out
	}
	for _, it := range items {
		name := usageString(it)
		if name == "" {
			var obj map[string]json.RawMessage
			if json.Unmarshal(it, &obj) == nil {
				name = usageString(obj["name"])
			}
		}
		if name != "" && len(out) < 100 {
			out = append(out, name)
		}
	}
	return out
}
