package seats

import (
	"strings"
	"testing"
)

// The breakdown's words write counts as the console and the commands do, with
// thousands separators: "of 3,300 purchased", never "of 3300 purchased".
func TestBreakdownWordsHaveThousandsSeparators(t *testing.T) {
	projected := 4100
	r := &Reconcile{Consumed: 3340, Purchased: 3300, Listed: 3400, ServerAccounts: 2500,
		CountedTwice: CountedTwiceCounts{People: 1200}, ProjectedAfterSync: &projected,
		ProjectedPeople: 1500, Confidence: ConfidenceCounts{Guesses: 1001}}
	if got, want := r.Lines()[0].Meaning, "seats the cloud counts, of 3,300 purchased: 40 OVER"; got != want {
		t.Errorf("consumed's meaning = %q, want %q", got, want)
	}
	if got, want := r.AfterFixesText(), "Fixing the 1,200 people counted twice would bring it to 2,140, of 3,300 purchased: 1,160 free."; got != want {
		t.Errorf("AfterFixesText = %q, want %q", got, want)
	}
	if got, want := r.ProjectionText(), "After the first sync: about 4,100 consumed of 3,300 purchased: 800 over (from 2,500 server accounts); 1,500 people would be counted twice, fixable before it."; got != want {
		t.Errorf("ProjectionText = %q, want %q", got, want)
	}
	if got := r.CountedTwiceSummary(); !strings.HasSuffix(got, "1,001 guesses") {
		t.Errorf("CountedTwiceSummary = %q, want 1,001 guesses", got)
	}
}
