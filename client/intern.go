package client

// Interner keeps one copy of the values that repeat from user to user in a
// consumed-licenses list (license type, roles, Visual Studio status, empty strings,
// true and false), so that 100,000 decoded users do not hold 100,000 copies of each
// (docs/PERFORMANCE.md, "Memory"). Shared values are never written through: a
// ConsumedUser's strings, lists and pointers are read-only once decoded. It is used by
// one goroutine (the accumulator's) and holds at most maxInterned values of each kind,
// so that a list of unique values cannot grow it without bound.
type Interner struct {
	ptrs  map[string]*string
	lists map[string][]string
}

const maxInterned = 4096

func NewInterner() *Interner {
	return &Interner{ptrs: map[string]*string{}, lists: map[string][]string{}}
}

// ptr shares the *string of a value seen before.
func (in *Interner) ptr(p *string) *string {
	if p == nil {
		return nil
	}
	if q, ok := in.ptrs[*p]; ok {
		return q
	}
	if len(in.ptrs) < maxInterned {
		in.ptrs[*p] = p
	}
	return p
}

// PtrOf is a shared *string of s, allocated only the first time s is seen.
func (in *Interner) PtrOf(s string) *string {
	if q, ok := in.ptrs[s]; ok {
		return q
	}
	p := &s
	if len(in.ptrs) < maxInterned {
		in.ptrs[s] = p
	}
	return p
}

// ListOf is a shared list of the one value s, allocated only the first time.
func (in *Interner) ListOf(s string) []string {
	if q, ok := in.lists[s]; ok {
		return q
	}
	l := []string{s}
	if len(in.lists) < maxInterned {
		in.lists[s] = l
	}
	return l
}

// str shares the string of a value seen before.
func (in *Interner) str(s string) string {
	return *in.ptr(&s)
}

// list shares a list of one value seen before (a role, an organization); longer lists
// are kept as they are.
func (in *Interner) list(l []string) []string {
	if len(l) != 1 {
		return l
	}
	if q, ok := in.lists[l[0]]; ok {
		return q
	}
	if len(in.lists) < maxInterned {
		in.lists[l[0]] = l[:1:1]
	}
	return l
}

// flexShared shares the two values of a FlexBool.
func flexShared(f FlexBool) FlexBool {
	switch {
	case f.V == nil:
		return f
	case *f.V:
		return FlexBool{V: &FlexTrue}
	}
	return FlexBool{V: &FlexFalse}
}

// compact makes the repeated values of users shared.
func (in *Interner) compact(users []ConsumedUser) {
	for i := range users {
		u := &users[i]
		u.LicenseType = in.str(u.LicenseType)
		u.GithubComSamlNameID = in.ptr(u.GithubComSamlNameID)
		u.VisualStudioLicenseStatus = in.ptr(u.VisualStudioLicenseStatus)
		u.VisualStudioSubscriptionEmail = in.ptr(u.VisualStudioSubscriptionEmail)
		u.GithubComMemberRoles = in.list(u.GithubComMemberRoles)
		u.GithubComEnterpriseRoles = in.list(u.GithubComEnterpriseRoles)
		u.GithubComOrgsWithPendingInvites = in.list(u.GithubComOrgsWithPendingInvites)
		u.GithubComUser = flexShared(u.GithubComUser)
		u.EnterpriseServerUser = flexShared(u.EnterpriseServerUser)
		u.VisualStudioSubscriptionUser = flexShared(u.VisualStudioSubscriptionUser)
		u.GithubComTwoFactorAuth = flexShared(u.GithubComTwoFactorAuth)
	}
}

// FlexTrue and FlexFalse are shared by every decoded FlexBool: nobody writes through V.
var FlexTrue, FlexFalse = true, false
