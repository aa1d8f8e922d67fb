// Package replay serves the official GitHub REST examples over HTTP, for tests. It
// embeds the OpenAPI extracts under testdata/openapi (from github/rest-api-description)
// and answers only the public endpoints licensesync calls, with those example bodies
// verbatim, odd shapes included. The console API answers 404, as on a stock appliance.
// Other packages' tests (cmd end-to-end tests, for one) can point a real client at it.
package replay

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed testdata/openapi/*.json
var extracts embed.FS

// Names lists the embedded extracts, e.g. "ghec-consumed-licenses", sorted.
func Names() []string {
	entries, _ := fs.ReadDir(extracts, "testdata/openapi")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// Extract returns the raw OpenAPI extract of one operation.
func Extract(name string) ([]byte, error) {
	return extracts.ReadFile(path.Join("testdata/openapi", name+".json"))
}

// Examples returns every response example of the named extract, by status code and
// example name ("200/default"), byte for byte as published. Examples that are only an
// unresolved $ref in the extract are left out.
func Examples(name string) (map[string]json.RawMessage, error) {
	raw, err := Extract(name)
	if err != nil {
		return nil, err
	}
	var op struct {
		Responses map[string]struct {
			Content map[string]struct {
				Examples map[string]struct {
					Value json.RawMessage `json:"value"`
				} `json:"examples"`
			} `json:"content"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		return nil, fmt.Errorf("extract %s: %w", name, err)
	}
	out := make(map[string]json.RawMessage)
	for code, resp := range op.Responses {
		for _, content := range resp.Content {
			for exName, ex := range content.Examples {
				if len(ex.Value) > 0 {
					out[code+"/"+exName] = ex.Value
				}
			}
		}
	}
	return out, nil
}

// Example returns the 200 "default" example of the named extract; it panics when there
// is none, since the extracts are fixed at build time.
func Example(name string) []byte {
	exs, err := Examples(name)
	if err != nil {
		panic(err)
	}
	ex, ok := exs["200/default"]
	if !ok {
		panic("replay: no 200/default example in " + name)
	}
	return ex
}

// UnlimitedLicense is a license as an evaluation appliance really sent it
// (github/rest-api-description#172): seats as the string "unlimited" and expire_at in
// RFC 3339 with milliseconds, unlike the documented example.
const UnlimitedLicense = `{"seats":"unlimited","seats_used":1316,"seats_available":"unlimited","kind":"evaluation","days_until_expiration":30,"expire_at":"2021-02-28T23:59:59.000-08:00"}`
