package tui

import (
	"io"
	"reflect"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/muesli/termenv"
)

// asciiRenderer renders without any escape sequence, as goldens need.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func testOptions(f *fakeBackend) common.Options {
	return common.Options{
		Backend:     f,
		Renderer:    asciiRenderer(),
		ServerURL:   "https://ghes.acme.test",
		Enterprise:  "acme",
		TokenSource: "GH_ENTERPRISE_TOKEN",
		Now:         func() time.Time { return testNow },
	}
}

// harness drives a Model synchronously: each command runs, and its message is fed
// back, until nothing is left. Timers (which would sleep) are dropped.
type harness struct {
	t *testing.T
	m *Model
}

func newHarness(t *testing.T, opts common.Options, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, m: New(opts)}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	return hs
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// tickCode is the code of every command tea.Tick makes (one closure), so the harness
// knows the console's timers (the clock, toasts, refresh, sync polls) without waiting
// for them.
var tickCode = reflect.ValueOf(tea.Tick(0, nil)).Pointer()

// harnessTimerCutoff tells another timer (a text cursor's blink, 530 ms) from work. It
// is well above 50 ms, which a loaded machine running the suite in parallel exceeded
// for real work (the work was then dropped and a test saw a half-loaded screen).
const harnessTimerCutoff = 300 * time.Millisecond

// run executes cmd; a tea.Tick, or a command that does not answer by
// harnessTimerCutoff, is a timer and is dropped.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil || reflect.ValueOf(cmd).Pointer() == tickCode {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(harnessTimerCutoff):
		return
	}
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	default:
		h.send(msg)
	}
}

func (h *harness) keys(keys ...tea.KeyMsg) {
	for _, k := range keys {
		h.send(k)
	}
}

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	up    = tea.KeyMsg{Type: tea.KeyUp}
	down  = tea.KeyMsg{Type: tea.KeyDown}
	esc   = tea.KeyMsg{Type: tea.KeyEsc}
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// toLicenseSync walks the wizard from Connect to the setting with enter only.
func (h *harness) toLicenseSync() {
	h.keys(enter, enter, enter)
	if h.m.step != common.StepLicenseSync {
		h.t.Fatalf("expected the license sync step, at step %d:\n%s", h.m.step, h.m.View())
	}
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
