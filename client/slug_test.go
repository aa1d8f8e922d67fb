package client

import (
	"strings"
	"testing"
)

func TestSlugRule(t *testing.T) {
	for _, ok := range []string{"acme", "acme-cloud", "A1-b2", strings.Repeat("a", maxSlugLen)} {
		if !ValidSlug(ok) || CheckSlug(ok, "--enterprise") != nil {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{".", "..", "a.b", "a_b", "a/b", "a b", "a%2e", "é", "\u200bacme", strings.Repeat("a", maxSlugLen+1)} {
		err := CheckSlug(bad, "LICENSESYNC_ENTERPRISE")
		if ValidSlug(bad) || KindOf(err) != KindUsage || !strings.Contains(err.Error(), SlugRule) || !strings.Contains(err.Error(), "LICENSESYNC_ENTERPRISE") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	if CheckSlug("", "--enterprise") != nil {
		t.Error("an empty slug is for the caller to require")
	}
}
