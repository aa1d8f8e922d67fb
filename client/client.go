package client

import (
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/licensesync/licensesync/client/transport"
)

// DefaultCloudURL is the GitHub Enterprise Cloud API base used when Config.CloudURL is empty.
const DefaultCloudURL = "https://api.github.com/"

// DefaultConcurrency is how many consumed-licenses pages are fetched at once by default:
// far under GitHub's secondary limit of 100 concurrent requests, and enough to spend
// the 900-points-a-minute pace with pages that take up to half a second (measured in
// docs/PERFORMANCE.md: 6-8x faster than one at a time at 200 ms per page).
const DefaultConcurrency = 8

// Config says where the two sides are and how to reach them.
type Config struct {
	ServerURL         string // GHES root, e.g. https://ghes.acme.test (the client adds /api/v3/)
	ServerURLSource   string // where ServerURL came from ("--server", "LICENSESYNC_SERVER", "the config file"); "": the demo's, never said
	ServerToken       string
	ServerTokenSource string // where the token came from, e.g. "GH_ENTERPRISE_TOKEN" (named in 401 hints)
	Enterprise        string // GHES enterprise slug
	CloudURL          string // GHEC API base, default https://api.github.com/
	CloudToken        string
	CloudTokenSource  string         // e.g. "GH_TOKEN"
	CloudEnterprise   string         // GHEC enterprise slug; empty: what GitHub Connect reports
	CACertFile        string         // PEM bundle added to the system roots
	TrustedCertFile   string         // the server's certificate, trusted on first use (tofu.go); added like CACertFile
	AllowHTTP         bool           // allow plain http to a non-loopback host
	Concurrency       int            // consumed-licenses pages fetched at once; 0: default
	CloudPace         transport.Pace // per-endpoint pace on the cloud; zero: DefaultCloudPace (900 points a minute)
	ServerPace        transport.Pace // per-endpoint pace on the server; zero: none (GHES has rate limits off by default)
	Snapshots         SnapshotStore  // where consumed-licenses snapshots are kept (package snapshot); nil: none
	// SnapshotMaxAge is how long a snapshot confirmed current is trusted when page 1 is
	// unchanged; 0: the server's Cache-Control max-age, else DefaultSnapshotMaxAge;
	// negative: never (every page is revalidated).
	SnapshotMaxAge time.Duration
	RequestTimeout time.Duration // bounds one HTTP exchange, body included; 0: DefaultRequestTimeout
	Debug          io.Writer     // HTTP trace, Authorization redacted; nil: off
	Version        string        // sent as User-Agent: licensesync/VERSION; empty: "dev"
	// ApplianceMode says the admin shell's utilities are there (package appliance): the
	// license and hostname come from them and the server token becomes optional.
	ApplianceMode bool
	// OnWait, when not nil, is told of every wait before it begins: a rate limit's, a
	// back-off's before a retry, a budget's reset (wait.go). It runs on the waiting
	// request's goroutine and must not block.
	OnWait func(WaitNotice)
	// OnBudget, when not nil, is told up front when a paged read will not fit in what
	// remains of the side's rate limit (budget.go).
	OnBudget func(BudgetPlan)
	// WaitForBudget makes such a read spend what remains, wait for the reset and go on;
	// false stops it before it spends more, in KindRateLimited (ErrOverBudget), unless
	// the reset is under a minute away (the most a refused request waits anyway).
	WaitForBudget bool
	HTTPClient    *http.Client // tests only; nil: built from the fields above
}

// Client talks to one GHES appliance and, when a cloud token is configured, to the GHEC
// enterprise it is connected to. It is safe for concurrent use.
type Client struct {
	cfg       Config
	serverURL *url.URL // the appliance root, without /api/v3/
	cloudURL  *url.URL // the cloud API base, with a trailing slash
	server    *github.Client
	cloud     *github.Client

	retry        transport.RetryPolicy
	serverPacer  *transport.Pacer
	cloudPacer   *transport.Pacer
	snapshots    SnapshotStore // nil without Config.Snapshots
	pollInterval time.Duration // WaitSync's pace
	// checkpointEvery is how often an unfinished consumed-licenses read keeps its pages
	// so far on disk (defaultCheckpointEvery; tests shorten it).
	checkpointEvery time.Duration
	now             func() time.Time // the clock of ServerStatistics, Status and rate-limit waits; tests set it

	// noServer is set for a cloud owner's session without --server: serverURL is then
	// a placeholder that no request is sent to.
	noServer bool

	rates rateBook // the last rate-limit budget each side's answers reported

	cloudEntMu sync.Mutex
	cloudEnt   string // CloudEnterprise's answer, once known
}

// side names one of the two APIs a request goes to.
type side int

const (
	sideServer side = iota
	SideCloud
)

// HasServerToken reports whether a server token is configured (it is optional in
// appliance mode).
func (c *Client) HasServerToken() bool { return c.cfg.ServerToken != "" }

// HasCloud reports whether a cloud token is configured.
func (c *Client) HasCloud() bool { return c.cfg.CloudToken != "" }

// api returns the go-github client of one side.
func (c *Client) api(s side) *github.Client {
	if s == SideCloud {
		return c.cloud
	}
	return c.server
}

// Config is the configuration the client was built with, defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// ServerHostname is the host name of the configured server URL.
func (c *Client) ServerHostname() string { return c.serverURL.Hostname() }

// HasServer reports whether a server is configured: false for a cloud owner's session
// without --server (Config.CloudOwnerSession).
func (c *Client) HasServer() bool { return !c.noServer }

// Now is the client's clock (tests set it): what Server Statistics, Status and the
// rate-limit waits count from.
func (c *Client) Now() time.Time { return c.now() }
