package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/licensesync/licensesync/client/transport"
)

// area says what part of an API a path belongs to, which decides what a 404 means.
type area int

const (
	areaPublic      area = iota // 404: not found
	areaAdmin                   // GHES site-admin endpoint: 404 means the token is not a site admin's
	areaConsole                 // GHES console API: 404 means a stock appliance
	areaCloudEnt                // a cloud enterprise path: 404 means an unknown slug (or no access)
	areaCloudUpload             // the cloud's "Add server usage": 404 means do it on the web page
	areaCloudStats              // the cloud's server-statistics: 404 means no Server Statistics shared (or an unknown slug)
)

// request is one API call and how to name it when it fails.
type request struct {
	side   side
	method string
	path   string // relative to the side's base, no leading slash
	query  url.Values
	body   any
	header http.Header
	op     string // what we were doing, e.g. "read the server license"
	area   area
	// readOnly marks a POST that only reads (a GraphQL query): retried like a GET.
	readOnly bool
	// items bounds the lists of the answer by what was asked for (item_bounds.go);
	// every other list is bounded by maxOtherItems.
	items []itemBound
}

// idempotent reports whether r may be sent again after an ambiguous failure.
func (r request) idempotent() bool { return r.method == http.MethodGet || r.readOnly }

// reply is a successful answer, body read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
	resp   *github.Response
}

// send performs r through the side's go-github client, in the flow described at the top
// of ratelimit.go: GETs (and read-only POSTs: GraphQL queries) are retried on transient failures with jittered exponential
// back-off; any request refused by a rate limit is retried after the wait the server
// asks for, when that wait is short. Writes that fail ambiguously are not retried: the
// returned error then reports maybeApplied.
func (c *Client) send(ctx context.Context, r request) (*reply, error) {
	rep, err := c.sendTries(ctx, r)
	var e *Error
	if errors.As(err, &e) {
		e.secrets = c.secrets()
	}
	return rep, err
}

// sendTries is send's loop of tries.
func (c *Client) sendTries(ctx context.Context, r request) (*reply, error) {
	if r.side == sideServer && (c.noServer || r.area != areaPublic && !c.HasServerToken()) {
		// Appliance mode without a server token: say what is missing, send nothing.
		return nil, c.NoServerTokenError(r.op)
	}
	if err := c.headerProblem(r, r.header); err != nil {
		return nil, err
	}
	api := c.api(r.side)
	path := r.path
	if len(r.query) > 0 {
		path += "?" + r.query.Encode()
	}
	var rateWaited time.Duration // waits a rate limit asked for, in all
	limited := 0                 // tries refused by a rate limit
	for attempt := 1; ; attempt++ {
		req, err := api.NewRequest(r.method, path, r.body)
		if err != nil {
			return nil, &Error{Kind: KindOther, Op: r.op, Err: err}
		}
		for k, v := range r.header {
			req.Header[k] = v
		}
		rep, err := c.exchange(ctx, api, req)
		c.rates.seeReply(c.sideName(r.side), rep, err, c.now())
		if err == nil {
			return rep, nil
		}
		f := c.classify(ctx, r, err)
		f.err.RequestID = transport.RequestIDOf(err)
		if f.err.Kind == KindRateLimited {
			// Waiting out a limit is what GitHub asks for; it is bounded by the time
			// waited in all and by a number of refusals, not by the transient-fault tries.
			limited++
			rateWaited += f.wait
			if rateWaited > c.retry.MaxRateWait || limited >= c.retry.MaxRateTries {
				return nil, f.err
			}
			attempt-- // a limit is not a failed try
			notice := WaitNotice{Wait: f.wait, Reason: "GitHub's rate limit", Attempt: limited + 1, Of: c.retry.MaxRateTries}
			if err := c.wait(ctx, r.op, notice); err != nil {
				return nil, err
			}
			continue
		}
		if !f.transient {
			if f.err.Kind == KindConsoleUnavailable && r.area == areaConsole {
				return nil, c.explainConsoleNotFound(ctx, f.err)
			}
			return nil, f.err
		}
		if !r.idempotent() {
			f.err.maybeApplied = true
			return nil, f.err
		}
		if attempt >= c.retry.MaxTries {
			return nil, f.err
		}
		notice := WaitNotice{Wait: c.retry.Backoff(attempt), Reason: "a retry after a failure", Attempt: attempt + 1, Of: c.retry.MaxTries}
		if err := c.wait(ctx, r.op, notice); err != nil {
			return nil, err
		}
	}
}

// exchange does one HTTP round trip and reads the whole (capped) body. A 202, which
// go-github reports as *github.AcceptedError, is a success here.
func (c *Client) exchange(ctx context.Context, api *github.Client, req *http.Request) (*reply, error) {
	resp, err := api.BareDo(ctx, req)
	var accepted *github.AcceptedError
	if errors.As(err, &accepted) {
		return &reply{status: http.StatusAccepted, header: resp.Header, body: accepted.Raw, resp: resp}, nil
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Response, transport.BodyLimit(ctx))
	if err != nil {
		return nil, err
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: body, resp: resp}, nil
}

// readBody reads a whole body (capped at limit by the transport) into one buffer the
// size its Content-Length says, when that is within limit: read by doubling, a
// usage file of 17 MB made and cleared twice as much, a third of a warm status.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n > 0 && n <= limit {
		buf := bytes.NewBuffer(make([]byte, 0, n+1)) // +1: the end is seen without growing
		_, err := buf.ReadFrom(resp.Body)
		return buf.Bytes(), err
	}
	return io.ReadAll(resp.Body)
}

// sendJSON sends r and decodes the JSON answer into a new T, keeping the reply for its
// headers.
func sendJSON[T any](ctx context.Context, c *Client, r request) (*T, *reply, error) {
	rep, err := c.send(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	if err := c.decodeBody(r, rep, v); err != nil {
		return nil, nil, err
	}
	return v, rep, nil
}
