package serve

import (
	"fmt"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Who gets into `serve --ssh` (docs/SERVE.md, "Who gets in"): public keys listed in
// --authorized-keys, checked at login and again for each session; nothing else.

// keyAuth is the server option that lets in only the keys auth lists, logging each refusal.
func keyAuth(auth *authorizedKeys, logf func(string, ...any)) ssh.Option {
	return wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
		ok, err := auth.allows(key)
		if err != nil {
			logf("ssh: reading %s: %v", auth.path, err)
		}
		if !ok {
			logf("ssh: refused key %s for %q from %s", gossh.FingerprintSHA256(key), logName(ctx.User()), ctx.RemoteAddr())
		}
		return ok
	})
}

// keyStillListed checks the session's own key again: the public-key callback may have
// seen other keys than the one that logged in (as soft-serve does). Without auth
// (--insecure-no-auth) every session passes.
func keyStillListed(auth *authorizedKeys) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if auth != nil {
				if ok, _ := auth.allows(sess.PublicKey()); !ok {
					fmt.Fprintln(sess.Stderr(), "licensesync: this key is not allowed")
					_ = sess.Exit(1)
					return
				}
			}
			next(sess)
		}
	}
}
