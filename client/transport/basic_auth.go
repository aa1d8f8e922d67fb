package transport

import "context"

// basicLoginKey is the context key of WithBasicLogin.
type basicLoginKey struct{}

// WithBasicLogin marks the requests made with ctx for HTTP basic authentication as
// login, with the side's token as the password, instead of a bearer token: the
// appliance's site-admin reports (/stafftools/reports/…) accept only basic auth. The
// token stays in the transport; the caller never holds it.
func WithBasicLogin(ctx context.Context, login string) context.Context {
	return context.WithValue(ctx, basicLoginKey{}, login)
}

// basicLoginOf is the login WithBasicLogin put in ctx, "" when none.
func basicLoginOf(ctx context.Context) string {
	login, _ := ctx.Value(basicLoginKey{}).(string)
	return login
}
