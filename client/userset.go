package client

import "hash/maphash"

// userSet is the people seen so far in consumed-licenses, by userKey's identity: the
// cloud login with the server accounts and emails. It keeps two 64-bit hashes of each
// identity rather than the identity itself, so that 100,000 people cost no string each
// (docs/PERFORMANCE.md, "Memory"); two different people share both hashes with a
// probability of about 2^-128.
type userSet struct {
	seeds [2]maphash.Seed
	seen  map[[2]uint64]struct{}
}

func newUserSet(size int) *userSet {
	return &userSet{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, seen: make(map[[2]uint64]struct{}, size)}
}

// add reports whether u is new, and remembers it. A user with no identity (no login,
// server account or email) is never merged: always new.
func (s *userSet) add(u *ConsumedUser) bool {
	if u.GithubComLogin == "" && len(u.EnterpriseServerUserIDs) == 0 && len(u.EnterpriseServerEmails) == 0 {
		return true
	}
	var k [2]uint64
	for i, seed := range s.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		writeUserKey(&h, u)
		k[i] = h.Sum64()
	}
	if _, ok := s.seen[k]; ok {
		return false
	}
	s.seen[k] = struct{}{}
	return true
}

// writeUserKey writes the bytes of userKey(u) without building the string.
func writeUserKey(h *maphash.Hash, u *ConsumedUser) {
	h.WriteString(u.GithubComLogin)
	h.WriteByte(0)
	for i, id := range u.EnterpriseServerUserIDs {
		if i > 0 {
			h.WriteByte(',')
		}
		h.WriteString(id)
	}
	h.WriteByte(0)
	for i, e := range u.EnterpriseServerEmails {
		if i > 0 {
			h.WriteByte(',')
		}
		h.WriteString(e)
	}
}

// dropRepeated is users without the ones seen before, marking the rest seen; users
// itself (no copy) when none was.
func dropRepeated(seen *userSet, users []ConsumedUser) []ConsumedUser {
	var repeated []bool
	for i := range users {
		if !seen.add(&users[i]) {
			if repeated == nil {
				repeated = make([]bool, len(users))
			}
			repeated[i] = true
		}
	}
	if repeated == nil {
		return users
	}
	fresh := make([]ConsumedUser, 0, len(users))
	for i := range users {
		if !repeated[i] {
			fresh = append(fresh, users[i])
		}
	}
	return fresh
}
