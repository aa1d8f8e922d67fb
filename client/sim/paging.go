package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	defaultPerPage = 30
	maxPerPage     = 100
)

// pageParams reads page and per_page as GitHub does: missing or invalid values take
// the defaults, per_page is capped at 100.
func pageParams(q url.Values) (page, perPage int) {
	page, perPage = 1, defaultPerPage
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, maxPerPage)
	}
	return page, perPage
}

// pageBounds returns the slice bounds of page in a list of total items, and the
// last page (at least 1).
func pageBounds(total, page, perPage int) (lo, hi, last int) {
	last = max(1, (total+perPage-1)/perPage)
	if page > last {
		return total, total, last
	}
	lo = (page - 1) * perPage
	return lo, min(lo+perPage, total), last
}

// requestURL rebuilds the URL the client used, with its own scheme and host.
func requestURL(r *http.Request) *url.URL {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path}
}

// linkTo is the request's URL with the query parameters in set replaced.
func linkTo(r *http.Request, set map[string]string) string {
	u := requestURL(r)
	q := r.URL.Query()
	for k, v := range set {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// pageLinks is the RFC 5988 Link header of a page/per_page list, in GitHub's
// order: next, last, first, prev; absent relations are left out.
func pageLinks(r *http.Request, page, perPage, last int) string {
	link := func(p int, rel string) string {
		return fmt.Sprintf(`<%s>; rel="%s"`, linkTo(r, map[string]string{"page": strconv.Itoa(p), "per_page": strconv.Itoa(perPage)}), rel)
	}
	var parts []string
	if page < last {
		parts = append(parts, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		parts = append(parts, link(1, "first"), link(min(page-1, last), "prev"))
	}
	return strings.Join(parts, ", ")
}

// pagedJSON is the page of items the request asks for (page, per_page), with its
// Link header.
func pagedJSON(c *call, items []map[string]any) *response {
	page, perPage := pageParams(c.r.URL.Query())
	lo, hi, last := pageBounds(len(items), page, perPage)
	resp := jsonResponse(http.StatusOK, items[lo:hi])
	if l := pageLinks(c.r, page, perPage, last); l != "" {
		if resp.header == nil {
			resp.header = http.Header{}
		}
		resp.header.Set("Link", l)
	}
	return resp
}
