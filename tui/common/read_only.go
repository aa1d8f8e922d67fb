package common

// MayNotAct says why this console may not change anything (Options.ReadOnly), in the
// words shown when an action is refused; "" when it may act.
func (s *Shared) MayNotAct() string {
	switch {
	case !s.Opts.ReadOnly:
		return ""
	case s.Opts.ReadOnlyWhy != "":
		return s.Opts.ReadOnlyWhy
	}
	return "This console may look but not act: nothing can be changed from it."
}
