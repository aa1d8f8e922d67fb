package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// settingsFake is a GitHub Connect settings endpoint with a version, whose PATCHes
// fail as scripted: "lost" applies and then answers 502, "fail" answers 502 without
// applying, "ok" applies and answers.
type settingsFake struct {
	mu      sync.Mutex
	value   string
	version int
	script  []string
	patches []string // the If-Match of each PATCH
}

func (f *settingsFake) handler(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body := func(code int) {
		w.Header().Set("ETag", `"`+itoa(f.version)+`"`)
		status(code, `{"connected":true,"version":`+itoa(f.version)+`,"features":{"license_sync":"`+f.value+`"}}`)(w, r)
	}
	if r.Method != http.MethodPatch {
		body(200)
		return
	}
	f.patches = append(f.patches, r.Header.Get("If-Match"))
	if im := r.Header.Get("If-Match"); im != "" && im != `"`+itoa(f.version)+`"` {
		status(412, `{"message":"The settings changed since you read them."}`)(w, r)
		return
	}
	step := "ok"
	if len(f.script) > 0 {
		step, f.script = f.script[0], f.script[1:]
	}
	if step == "other" { // fails; meanwhile someone else changes another feature
		f.version++
		step = "fail"
	}
	if step == "fail" {
		status(502, `<html><body>502 Bad Gateway</body></html>`)(w, r)
		return
	}
	if f.value != "enabled" {
		f.value, f.version = "enabled", f.version+1
	}
	if step == "lost" {
		status(502, `<html><body>502 Bad Gateway</body></html>`)(w, r)
		return
	}
	body(200)
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestLostReplyIsReadBackNotRewritten(t *testing.T) {
	f := &settingsFake{value: "disabled", version: 7, script: []string{"lost"}}
	c, _ := newHandlerClient(t, f.handler)
	got, err := c.SetLicenseSync(context.Background(), true, `"7"`)
	if err != nil || got.LicenseSync() != FeatureEnabled {
		t.Fatalf("SetLicenseSync = %+v, %v", got, err)
	}
	if len(f.patches) != 1 || f.version != 8 {
		t.Fatalf("PATCHes %v, version %d: want one write, applied once", f.patches, f.version)
	}
}

func TestWriteThatDidNotApplyIsSentAgainConditionally(t *testing.T) {
	f := &settingsFake{value: "disabled", version: 7, script: []string{"fail", "fail", "ok"}}
	c, _ := newHandlerClient(t, f.handler)
	got, err := c.SetLicenseSync(context.Background(), true, "")
	if err != nil || got.LicenseSync() != FeatureEnabled {
		t.Fatalf("SetLicenseSync = %+v, %v", got, err)
	}
	if strings.Join(f.patches, ",") != `,"7","7"` || f.version != 8 {
		t.Fatalf("PATCHes with If-Match %q, version %d", f.patches, f.version)
	}
}

func TestChangeByOthersAfterAFailedWriteIsAConflict(t *testing.T) {
	f := &settingsFake{value: "disabled", version: 7, script: []string{"other"}}
	c, _ := newHandlerClient(t, f.handler)
	_, err := c.SetLicenseSync(context.Background(), true, `"7"`)
	if KindOf(err) != KindConflict || !errors.Is(err, ErrChangedByOthers) || !strings.Contains(err.Error(), "now disabled (version 8)") {
		t.Fatalf("err = %v", err)
	}
	if len(f.patches) != 1 || f.value != "disabled" {
		t.Fatalf("PATCHes %v, value %s: nothing may be overwritten", f.patches, f.value)
	}
}

func TestPreconditionFailedNamesTheCurrentValue(t *testing.T) {
	f := &settingsFake{value: "disabled", version: 9}
	c, _ := newHandlerClient(t, f.handler)
	got, err := c.SetLicenseSync(context.Background(), true, `"8"`)
	if KindOf(err) != KindConflict || !errors.Is(err, ErrChangedByOthers) || got == nil || got.Version != 9 || got.ETag != `"9"` {
		t.Fatalf("SetLicenseSync = %+v, %v", got, err)
	}
	if !strings.Contains(err.Error(), "license sync is now disabled (version 9)") || !strings.Contains(err.Error(), "Nothing was overwritten") {
		t.Fatalf("message: %v", err)
	}
	assertNoToken(t, "error", err.Error())
}
