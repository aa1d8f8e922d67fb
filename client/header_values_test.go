package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// A validator with a control byte (an ETag kept from the server, here written
// against) is refused before anything is sent, in a short line naming the header:
// not Go's `net/http: invalid header field value for "If-Match"`.
func TestValidatorWithControlBytesIsSaidCleanly(t *testing.T) {
	for _, etag := range []string{"\"v1\x01\"", "\"v1\x1b[2J\"", "\"v1\x7f\"", "\"v1\nX-Evil: 1\""} {
		writes := 0
		c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				writes++
			}
			http.NotFound(w, r)
		})
		_, err := c.SetLicenseSync(context.Background(), true, etag)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindBadResponse || !errors.Is(err, ErrBadHeaderValue) {
			t.Fatalf("%q: want a KindBadResponse wrapping ErrBadHeaderValue, got %v", etag, err)
		}
		msg := err.Error()
		want := "set license sync to enabled: a header value HTTP does not allow: If-Match would hold a control character; nothing was sent. It comes from an earlier answer of the server at http://127.0.0.1:"
		if !strings.HasPrefix(msg, want) || strings.Contains(msg, "net/http") || strings.ContainsAny(msg, "\x01\x1b\x7f\n") || len(msg) > 300 {
			t.Errorf("%q: error\n%q\nwant it to start %q, short and clean", etag, msg, want)
		}
		if writes != 0 {
			t.Errorf("%q: %d writes sent", etag, writes)
		}
	}
}

// The consumed-licenses page's If-None-Match (an ETag kept in the snapshot) is checked
// by the same rule, in send: no request leaves with it.
func TestIfNoneMatchWithControlBytesIsNotSent(t *testing.T) {
	requests := 0
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) { requests++ })
	r := request{side: SideCloud, method: http.MethodGet, path: "enterprises/acme-cloud/consumed-licenses", op: "read the cloud's consumed licenses (page 2)",
		header: http.Header{"If-None-Match": {"W/\"abc\r\n\""}}}
	_, err := c.send(context.Background(), r)
	if !errors.Is(err, ErrBadHeaderValue) || !strings.Contains(err.Error(), "If-None-Match would hold a control character; nothing was sent") || requests != 0 {
		t.Fatalf("err %v, %d requests", err, requests)
	}
	for _, ok := range []string{`"v1"`, "W/\"tab\there\"", "Wed, 21 Oct 2015 07:28:00 GMT", "caf\u00e9"} {
		if !validHeaderValue(ok) {
			t.Errorf("%q refused", ok)
		}
	}
}
