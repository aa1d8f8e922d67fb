package serve

import (
	"fmt"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Who gets into `serve --ssh` (docs/SERVE.md, "Who gets in"): public keys listed in
// --authorized-keys, or in --read-only-keys to look but not act, checked at login and
// again for each session; nothing else.

// keyring is the keys let in: full ones may act, read-only ones only look. Either
// may be nil (not given).
type keyring struct{ full, readOnly *authorizedKeys }

// allows says whether key may log in, and whether only to look; a key in both files
// may act. err is the first file that could not be read.
func (k keyring) allows(key ssh.PublicKey) (ok, readOnly bool, err error) {
	for _, f := range []*authorizedKeys{k.full, k.readOnly} {
		if f == nil {
			continue
		}
		in, ferr := f.allows(key)
		if ferr != nil && err == nil {
			err = fmt.Errorf("reading %s: %w", f.path, ferr)
		}
		if in {
			return true, f == k.readOnly, err
		}
	}
	return false, false, err
}

// keyAuth is the server option that lets in only the keys auth lists, logging each refusal.
func keyAuth(auth keyring, logf func(string, ...any)) ssh.Option {
	return wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
		ok, _, err := auth.allows(key)
		if err != nil {
			logf("ssh: %v", err)
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
func keyStillListed(auth *keyring) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if auth != nil {
				if ok, _, _ := auth.allows(sess.PublicKey()); !ok {
					fmt.Fprintln(sess.Stderr(), "licensesync: this key is not allowed")
					_ = sess.Exit(1)
					return
				}
			}
			next(sess)
		}
	}
}
