package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// usageExample is the usage file of docs/CONSOLE_API.md.
const usageExample = `{"server_id":"6f1c2b1e-0000-4000-8000-000000000000","hostname":"ghes.acme.test","version":"3.22.0",` +
	`"http_only":false,"license":"sha256:00","public_key":"AAAA","features":[{"name":"license_sync","enabled_at":"2026-11-24T05:00:00Z"}],` +
	`"exported_at":"2026-11-24T05:00:00Z","users":[{"id":12,"login":"jdoe","primary_email":"jdoe@acme.test","emails":["jdoe@acme.test","j@home.test"]}]}`

// FuzzUsageFile checks what upload reads before sending anything: never a panic; an
// accepted file is a JSON object with a server id and a users list; a refusal is a usage
// error that names the file.
func FuzzUsageFile(f *testing.F) {
	for _, s := range []string{usageExample, `{}`, `{"server_id":"a","users":null}`, `{"server_id":"a","users":[]}`,
		`{"server_id":1,"users":[]}`, `[]`, `null`, `<html></html>`, `{"server_id":"a","users":[`, "\xef\xbb\xbf" + usageExample} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "usage.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readUsageFile(path)
		if err != nil {
			if exitCode(err) != exitCancelled || !strings.Contains(err.Error(), path) {
				t.Fatalf("refusal %v (exit %d)", err, exitCode(err))
			}
			return
		}
		var probe struct {
			ServerID string            `json:"server_id"`
			Users    []json.RawMessage `json:"users"`
		}
		if !bytes.Equal(got, data) || json.Unmarshal(got, &probe) != nil || probe.ServerID == "" || probe.Users == nil {
			t.Fatalf("accepted %q", data)
		}
	})
}
