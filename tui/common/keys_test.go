package common

import (
	"strings"
	"testing"
)

func TestDefaultKeysDoNotClash(t *testing.T) {
	t.Parallel()
	if errs := CheckClashes(DefaultKeyMap()); len(errs) != 0 {
		t.Fatalf("default keys clash: %v", errs)
	}
}

func TestRebindAndClashes(t *testing.T) {
	t.Parallel()
	k := DefaultKeyMap()
	if err := k.Rebind("sort", "s"); err != nil {
		t.Fatal(err)
	}
	errs := CheckClashes(k)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `"s" is bound to sync and sort`) {
		t.Fatalf("clash not found: %v", errs)
	}
	if k.Sort.Help().Key != "s" || k.Sort.Help().Desc != "sort" {
		t.Fatalf("help not updated: %+v", k.Sort.Help())
	}
	if err := k.Rebind("nope", "x"); err == nil {
		t.Fatal("unknown action accepted")
	}
	if err := k.Rebind("yes", "q"); err != nil {
		t.Fatal(err)
	}
	if errs := CheckClashes(k); len(errs) != 1 {
		t.Fatalf("a confirmation key may reuse q (other keys are off then): %v", errs)
	}
}
