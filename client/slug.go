package client

import (
	"fmt"

	"github.com/licensesync/licensesync/client/textsafe"
)

// SlugRule is GitHub's rule for an enterprise slug, as every message about one states it.
const SlugRule = "an enterprise slug has only letters, digits and hyphens (the SLUG in https://HOST/enterprises/SLUG)"

// maxSlugLen bounds a slug; GitHub's are far shorter.
const maxSlugLen = 100

// CheckSlug is the one validator of enterprise slugs, wherever one comes from: a flag,
// the environment, a configuration file or a server's answer (source names it, e.g.
// "--enterprise", "LICENSESYNC_ENTERPRISE", "the appliance's cloud enterprise"). It
// allows letters, digits and hyphens, so "." and ".." can never walk a URL path; the
// empty slug is allowed here (what needs one says so). The error is KindUsage: exit 2.
func CheckSlug(slug, source string) error {
	if slug == "" || ValidSlug(slug) {
		return nil
	}
	return usageError(fmt.Sprintf("%s %q is not an enterprise slug: %s", source, textsafe.Sanitize(Truncate(slug, 40)), SlugRule),
		"Give "+source+" the slug from the enterprise's URL", nil)
}

// ValidSlug reports whether slug follows SlugRule.
func ValidSlug(slug string) bool {
	if slug == "" || len(slug) > maxSlugLen {
		return false
	}
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
