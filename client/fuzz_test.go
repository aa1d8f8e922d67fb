package client

import (
	"encoding/json"
	"testing"

	"github.com/licensesync/licensesync/client/replay"
)

// seedExamples adds every official example and a few odd shapes to f's corpus.
func seedExamples(f *testing.F, extra ...string) {
	for _, name := range replay.Names() {
		exs, err := replay.Examples(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, body := range exs {
			f.Add([]byte(body))
		}
	}
	f.Add([]byte(replay.UnlimitedLicense))
	for _, s := range append(extra, `{}`, `null`, `[]`, `{"a":`, `<html></html>`, `{"users":[{"github_com_two_factor_auth":""}]}`) {
		f.Add([]byte(s))
	}
}

// fuzzDecoder checks a decoder on arbitrary input: no panic, every JSON object decodes,
// and what decodes encodes again.
func fuzzDecoder(f *testing.F, name string, extra ...string) {
	seedExamples(f, extra...)
	decode := decoders[name]
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decode(body)
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) == nil && obj != nil && err != nil {
			t.Fatalf("%s refused a JSON object %q: %v", name, body, err)
		}
		if err == nil {
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("%s: decoded value does not encode: %v", name, err)
			}
		}
	})
}

func FuzzDecodeLicense(f *testing.F) {
	fuzzDecoder(f, "license", `{"seats":"12","expire_at":"2016/02/06 12:41:52 -0600"}`, `{"seats":1e3}`)
}

func FuzzDecodeConsumedPage(f *testing.F) {
	fuzzDecoder(f, "consumed-page", `{"users":[1,{"github_com_login":5},{"enterprise_server_user_ids":"x"}]}`)
}

func FuzzDecodeLicenseSyncStatus(f *testing.F) {
	fuzzDecoder(f, "license-sync-status", `{"server_instances":[{"last_sync":{"date":1}}]}`, `{"server_instances":{}}`)
}

func FuzzDecodeConnectSettings(f *testing.F) {
	fuzzDecoder(f, "connect-settings", `{"connected":"","features":{"license_sync":true},"license_sync_enabled_at":"x"}`)
}

func FuzzDecodeSyncJob(f *testing.F) {
	fuzzDecoder(f, "sync-job", `{"id":"7","state":"running","started_at":"2026-11-24 05:00:00 +0000"}`, `{"id":9223372036854775808}`)
}
