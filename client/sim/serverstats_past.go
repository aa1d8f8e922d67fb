package sim

import "time"

// pastGrowthPerDay is how many users a day the server gained before the world was
// created, as its Server Statistics records tell: a demo's history has a trend.
const pastGrowthPerDay = 3

// statsAllAt is ghe_stats as collected at collected: today's counts from the world's
// creation on; before it, fewer users, growing by about pastGrowthPerDay a day with a
// seeded wobble of a few users (the same seed gives the same past).
func (s *Sim) statsAllAt(collected time.Time) wireStatsAll {
	all := s.statsAll()
	days := int(s.st.Created.Sub(collected).Hours() / 24)
	if days <= 0 {
		return all
	}
	fewer := days*pastGrowthPerDay + wobble(s.st.Seed, days)
	all.Users.TotalUsers = max(all.Users.TotalUsers-fewer, all.Users.AdminUsers+all.Users.SuspendedUsers)
	return all
}

// wobble is a deterministic 0..4 from the seed and the day.
func wobble(seed int64, day int) int {
	x := uint64(seed)*0x9E3779B97F4A7C15 + uint64(day)*0xBF58476D1CE4E5B9
	x ^= x >> 31
	return int(x % 5)
}
