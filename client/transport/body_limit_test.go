package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// Bodies are capped at 32 MiB unless the request's context says another limit; the
// error names the limit that was passed.
func TestBodyLimitFollowsTheContext(t *testing.T) {
	size := int64(maxBodyBytes + 1<<20)
	rt := stubRoundTrip(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(make([]byte, size))), Header: http.Header{}}, nil
	})
	base, _ := url.Parse("https://ghes.acme.test/")
	tr := NewTransport(rt, base, "", nil)
	read := func(ctx context.Context) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://ghes.acme.test/x", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		return len(b), err
	}
	var tooLarge *BodyTooLargeError
	if _, err := read(context.Background()); !errors.As(err, &tooLarge) || err.Error() != "response body larger than 32 MiB" {
		t.Errorf("default: %v", err)
	}
	if n, err := read(WithBodyLimit(context.Background(), 80<<20)); err != nil || int64(n) != size {
		t.Errorf("raised to 80 MiB: %d bytes, %v", n, err)
	}
	if _, err := read(WithBodyLimit(context.Background(), 1<<20)); !errors.As(err, &tooLarge) || err.Error() != "response body larger than 1 MiB" || DescribeNetError(err) != err.Error() {
		t.Errorf("lowered to 1 MiB: %v", err)
	}
}
