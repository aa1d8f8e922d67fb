package check

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// A sync 12 days old, a license days count near 2^63 and seats at 2^63−1 are plain
// decimals: %g wrote 1.0368e+06, which monitoring systems read as 1.
func TestPerfdataWritesPlainDecimals(t *testing.T) {
	t.Parallel()
	st := healthyStatus()
	synced := checkNow.Add(-12 * 24 * time.Hour)
	st.Sync.LastSyncAt = &synced
	st.Cloud.SeatsConsumed, st.Cloud.SeatsPurchased = ptr(math.MaxInt), ptr(math.MaxInt)
	st.Server.License = &client.License{Seats: client.Seats{N: math.MaxInt}, SeatsUsed: 2_500_000, DaysUntilExpiration: math.MaxInt}
	got := Perfdata(Evaluate(st, defaultLimits, checkNow).Perf)
	want := "cloud_consumed=9223372036854775808;8762203435012036608;9223372036854775808;0 cloud_purchased=9223372036854775808;;;0 " +
		"server_seats_used=2500000;;;0;9223372036854775808 license_days_left=9223372036854775808;30;7 last_sync_age=1036800s;691200;;0"
	if got != want {
		t.Fatalf("perfdata\n got %s\nwant %s", got, want)
	}
	if regexp.MustCompile(`\d[eE][+-]?\d`).MatchString(got) {
		t.Errorf("an exponent in %s", got)
	}
}

func TestPerfdataLabelsAndUnitsAreSafe(t *testing.T) {
	t.Parallel()
	half := 0.5
	for _, c := range []struct {
		p    PerfDatum
		want string
	}{
		{PerfDatum{Label: "seats used", Value: 3}, "'seats used'=3"},
		{PerfDatum{Label: "a=b", Value: 3}, "'a=b'=3"},
		{PerfDatum{Label: "it's", Value: 3}, "'it''s'=3"},
		{PerfDatum{Label: "x\x1b[2J\ny", Value: 3}, "xy=3"},
		{PerfDatum{Label: "", Value: 3}, "value=3"},
		{PerfDatum{Label: "ratio", Value: 0.25, UOM: "%", Warn: &half}, "ratio=0.25%;0.5"},
		{PerfDatum{Label: "age", Value: 1, UOM: "days"}, "age=1"},
		{PerfDatum{Label: "age", Value: math.NaN(), UOM: "s", Warn: &half}, "age=U;0.5"},
		{PerfDatum{Label: "age", Value: math.Inf(1), UOM: "s"}, "age=U"},
		{PerfDatum{Label: "tiny", Value: 1e-7}, "tiny=0.0000001"},
	} {
		if got := Perfdata([]PerfDatum{c.p}); got != c.want {
			t.Errorf("Perfdata(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

// A license that ended 2^63 days ago says so; the negation used to wrap.
func TestExpiredLongAgoSaysTheDays(t *testing.T) {
	t.Parallel()
	st := healthyStatus()
	st.Server.License = &client.License{Seats: client.Seats{N: 100}, SeatsUsed: 1, DaysUntilExpiration: math.MinInt}
	r := Evaluate(st, defaultLimits, checkNow)
	if !strings.Contains(r.Summary, "the server license expired 9223372036854775807 days ago") {
		t.Errorf("summary %q", r.Summary)
	}
}
