package transport

import (
	"context"
	"fmt"
)

// maxBodyBytes caps every response body we read unless WithBodyLimit says otherwise;
// a larger one is a KindBadResponse.
const maxBodyBytes = 32 << 20

// BodyTooLargeError is returned by a capped body once it passes its limit.
type BodyTooLargeError struct{ Limit int64 }

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("response body larger than %d MiB", e.Limit>>20)
}

// bodyLimitKey is the context key of WithBodyLimit.
type bodyLimitKey struct{}

// WithBodyLimit caps the response bodies of the requests made with ctx at n bytes
// instead of 32 MiB: for the one answer that grows with the appliance's users, its
// usage file (about 120 bytes a user).
func WithBodyLimit(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, bodyLimitKey{}, n)
}

// BodyLimit is the cap on the response bodies of the requests made with ctx.
func BodyLimit(ctx context.Context) int64 {
	if n, ok := ctx.Value(bodyLimitKey{}).(int64); ok && n > 0 {
		return n
	}
	return maxBodyBytes
}
