package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/licensesync/licensesync/tui/common"
	"github.com/licensesync/licensesync/tui/setup"
)

// clockMsg redraws "updated N s ago" once a second.
type clockMsg struct{}

func clockTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockMsg{} })
}

// Model is the console's root: it owns the window size, the help bar and the steps,
// and routes messages to the pages.
type Model struct {
	sh            *common.Shared
	step          common.Step
	pages         []common.Page
	help          help.Model
	width, height int
}

// New builds a console from its options.
func New(opts common.Options) *Model {
	if opts.Refresh <= 0 {
		opts.Refresh = common.DefaultRefresh
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	keys := common.DefaultKeyMap()
	if opts.Keys != nil {
		keys = *opts.Keys
	}
	theme := opts.ResolvedTheme()
	life := opts.Context
	if life == nil {
		life = context.Background()
	}
	r := opts.ResolvedRenderer()
	sh := &common.Shared{
		Renderer: r,
		Styles:   common.NewStyles(r, theme),
		Keys:     keys,
		Backend:  opts.Backend,
		Opts:     opts,
		Now:      opts.Now,
		Clip:     opts.Clipboard(),
	}
	sh.Ctx, sh.Stop = context.WithCancel(life)
	h := help.New()
	h.Styles.ShortKey = r.NewStyle().Foreground(theme.Accent)
	h.Styles.FullKey = h.Styles.ShortKey
	h.Styles.ShortDesc = r.NewStyle().Foreground(theme.Muted)
	h.Styles.FullDesc = h.Styles.ShortDesc
	h.Styles.ShortSeparator = h.Styles.ShortDesc
	h.Styles.FullSeparator = h.Styles.ShortDesc
	h.Styles.Ellipsis = h.Styles.ShortDesc
	m := &Model{
		sh: sh,
		pages: []common.Page{
			setup.NewConnectPage(sh),
			setup.NewEnterprisePage(sh),
			setup.NewGitHubConnectPage(sh),
			setup.NewLicenseSyncPage(sh),
			newDashboardPage(sh),
		},
		help: h,
	}
	sh.GoTo = m.goTo
	if opts.CloudOnly && opts.Backend != nil {
		m.step = common.StepDashboard // the status's note says once what needs the server
	}
	return m
}

func (m *Model) goTo(s common.Step) tea.Cmd {
	if s != common.StepDashboard {
		m.sh.Session.Arrival = ""
	}
	m.sh.LinkNote, m.sh.LinkCopies = "", 0
	m.step = s
	m.layout()
	return m.pages[s].Enter()
}

// Init starts the first step and the clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.pages[m.step].Enter(), clockTick())
}

// Update routes a message: sizes and global keys here, keys to the current page,
// everything else to every page (each drops answers that are not its own).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case clockMsg:
		m.layout() // what the page says of time ("updated 5s ago") moved on
		return m, clockTick()
	case tea.QuitMsg:
		// Only a wrapping model passes this on (bubbletea's loop keeps its own); the
		// quit keys stop the console in quit.
		m.sh.Stop()
		return m, nil
	case tea.KeyMsg:
		var cmds []tea.Cmd
		for _, k := range splitKeys(msg) {
			cmds = append(cmds, m.handleKey(k))
			m.layout()
		}
		return m, tea.Batch(cmds...)
	}
	var cmds []tea.Cmd
	for _, p := range m.pages {
		cmds = append(cmds, p.Update(msg))
	}
	m.layout()
	return m, tea.Batch(cmds...)
}

// splitKeys takes apart what bubbletea v1 delivers as one message when keys arrive
// together (typed ahead, over a slow link, tmux send-keys): "jjc" is three keys.
// A paste stays whole.
func splitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.sh.Keys
	if key.Matches(msg, k.Interrupt) {
		return m.quit()
	}
	p := m.pages[m.step]
	if p.Capturing() {
		cmd, _ := p.HandleKey(msg)
		return cmd
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.help.ShowAll && key.Matches(msg, k.Back) {
		// esc closes the full help first: a reader leaving it does not mean to leave
		// the screen under it too.
		m.help.ShowAll = false
		m.layout()
		return nil
	}
	if cmd, handled := p.HandleKey(msg); handled {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
	case key.Matches(msg, k.Back):
		if m.step > common.StepConnect {
			return m.goTo(m.step - 1)
		}
	}
	return nil
}

// quit ends the console: every request still running (the users load among them) is
// cancelled now, since bubbletea keeps tea.QuitMsg to itself.
func (m *Model) quit() tea.Cmd {
	m.sh.Stop()
	return tea.Quit
}

// layout gives the page the space between the header (two lines) and the help bar.
func (m *Model) layout() {
	m.help.Width = m.width
	m.sh.Width = m.width
	m.sh.Height = max(m.height-2-m.helpHeight(), 0)
	m.pages[m.step].SetSize(m.sh.Width, m.sh.Height)
}

func (m *Model) helpHeight() int {
	if !m.help.ShowAll {
		return 1
	}
	return strings.Count(m.help.View(m.helpMap()), "\n") + 1
}

func (m *Model) tooSmall() bool { return m.width < common.MinWidth || m.height < common.MinHeight }

// View joins the header, the current page and the help bar.
func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	st := m.sh.Styles
	if m.tooSmall() {
		notice := fmt.Sprintf("Terminal too small: %d×%d.\nlicensesync needs at least %d×%d.\nEnlarge the window, or press q to quit.",
			m.width, m.height, common.MinWidth, common.MinHeight)
		return lipgloss.PlaceHorizontal(m.width, lipgloss.Left, st.Warning.Render(notice))
	}
	p := m.pages[m.step]
	area := m.sh.Renderer.NewStyle().Width(m.width)
	body := area.Height(m.sh.Height).MaxHeight(m.sh.Height).Render(m.keepEnd(area.Render(p.View())))
	return lipgloss.JoinVertical(lipgloss.Left, m.header(p), m.rule(), body, m.help.View(m.helpMap()))
}

func (m *Model) header(p common.Page) string {
	st := m.sh.Styles
	left := st.Title.Render("licensesync") + "  " + st.Crumb.Render(p.Crumb())
	right := st.Step.Render(m.sh.ApplianceHost())
	if m.step < common.StepDashboard {
		right = st.Step.Render(fmt.Sprintf("step %d of %d", int(m.step)+1, common.WizardSteps))
	}
	// The step count (or the server's name) stays: a long breadcrumb gives way.
	if gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right); gap < 2 {
		left = common.Fit(left, max(m.width-ansi.StringWidth(right)-2, 0))
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		return common.Fit(left, m.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// keepEnd fits a page taller than its area by cutting lines from the top, where each
// step explains itself, under a mark that says so: what the admin acts on (the checks,
// the choices, "press enter") is at the bottom and stays.
func (m *Model) keepEnd(view string) string {
	h := m.sh.Height
	lines := strings.Split(view, "\n")
	if len(lines) <= h || h < 2 {
		return view
	}
	cut := len(lines) - h + 1
	mark := m.sh.Styles.Muted.Render(common.Fit(fmt.Sprintf("↑ %d more %s above: enlarge the window to see %s", cut, common.Pick(cut == 1, "line", "lines"), common.Pick(cut == 1, "it", "them")), m.width))
	return mark + "\n" + strings.Join(lines[cut:], "\n")
}

func (m *Model) rule() string {
	return m.sh.Styles.Muted.Render(strings.Repeat("─", m.width))
}

// helpMap shows the current page's keys, then the global ones.
func (m *Model) helpMap() help.KeyMap {
	k := m.sh.Keys
	p := m.pages[m.step]
	if p.Capturing() {
		return helpKeys{short: p.HelpKeys()}
	}
	global := []key.Binding{k.Help, k.Quit}
	if m.step > common.StepConnect {
		global = []key.Binding{k.Back, k.Help, k.Quit}
	}
	// The page's least used keys give way first, so "? help" (which lists them all)
	// and "q quit" always show. A global key the page binds itself (esc closing a
	// view) is shown once, as the page's.
	own := p.HelpKeys()
	global = slices.DeleteFunc(global, func(g key.Binding) bool {
		return slices.ContainsFunc(own, func(o key.Binding) bool { return sameKeys(o, g) })
	})
	short := append(own[:len(own):len(own)], global...)
	whole := m.help // unbounded, to measure
	whole.Width = 0
	for len(own) > 1 && ansi.StringWidth(whole.ShortHelpView(short)) > m.width {
		own = own[:len(own)-1]
		short = append(own[:len(own):len(own)], global...)
	}
	// The full help (?) lists only keys that work here: the page's own, in its
	// columns, then the global ones.
	full := [][]key.Binding{p.HelpKeys()}
	if f, ok := p.(FullHelper); ok {
		full = f.FullHelp()
	}
	return helpKeys{short: short, full: append(full, append(global, k.Interrupt))}
}

// FullHelper is a page with more keys than its help bar shows, in columns for the
// full help.
type FullHelper interface {
	FullHelp() [][]key.Binding
}

// sameKeys reports two bindings on the same keys.
func sameKeys(a, b key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }

// helpKeys adapts a list of bindings to bubbles/help.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding { return h.short }

// FullHelp lists each key once: a page's own binding (first) wins over a global one on
// the same keys, and columns left empty are dropped.
func (h helpKeys) FullHelp() [][]key.Binding {
	if h.full == nil {
		return [][]key.Binding{h.short}
	}
	seen := map[string]bool{}
	var out [][]key.Binding
	for _, col := range h.full {
		var kept []key.Binding
		for _, b := range col {
			id := strings.Join(b.Keys(), "\x00")
			if !b.Enabled() || seen[id] {
				continue
			}
			seen[id] = true
			kept = append(kept, b)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}
