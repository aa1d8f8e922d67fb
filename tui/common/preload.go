package common

import "sync/atomic"

// Preload is work begun for a page before the console starts, for one backend (the
// users table's snapshot rows: PreloadSnapshot). It is handed in as Options.Preload;
// the page that wants it takes it once, so the work is never done twice. What the
// work yields is the page's own type: the console's shared context cannot name it.
type Preload struct {
	backend Backend
	ready   chan any // one value
	taken   atomic.Bool
}

// StartPreload runs work for b in the background.
func StartPreload(b Backend, work func() any) *Preload {
	p := &Preload{backend: b, ready: make(chan any, 1)}
	go func() { p.ready <- work() }()
	return p
}

// Take is what the work yielded, waiting for it; nil when there is no preload, it was
// begun for another backend, or it was taken already.
func (p *Preload) Take(b Backend) any {
	if p == nil || p.backend != b || !p.taken.CompareAndSwap(false, true) {
		return nil
	}
	return <-p.ready
}
