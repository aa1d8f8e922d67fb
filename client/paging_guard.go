package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/licensesync/licensesync/client/textsafe"
)

// Bounds on one consumed-licenses fetch (docs/RELIABILITY.md, "Bounds"). No number the
// cloud sends (rel="last", the totals, a page number) sizes memory or the work done
// beyond these.
const (
	// maxConsumedPages is the absolute cap on pages in one fetch: 1,000,000 users at
	// 100 per page, far above any enterprise's license count.
	maxConsumedPages = 10_000
	// pageSlack is how many pages beyond ceil(total_seats_consumed / page size) a
	// fetch accepts (people who took a seat while the pages were read).
	pageSlack = 2
	// maxEmptyPages is how many empty pages in a row a rel="next" chain may serve.
	maxEmptyPages = 2
	// MaxFetchBytes caps the bytes of all the pages of one fetch together: about 1 KiB
	// for each of the 1,000,000 users maxConsumedPages allows (a user's record in
	// GitHub's example is about 600 bytes).
	MaxFetchBytes = 1 << 30
	// fetchBytesBase and fetchBytesPerSeat bound a fetch by the seats it announces:
	// a user's record is well under 2 KiB; 16 KiB each leaves room for long lists.
	fetchBytesBase    = 1 << 20
	fetchBytesPerSeat = 16 << 10
)

// pagingGuard holds the bounds of one fetch, derived from page 1, and what was read.
type pagingGuard struct {
	maxPages int   // pages the totals allow, never above maxConsumedPages
	maxBytes int64 // bytes the totals allow, never above maxFetchBytes
	bytes    int64 // bytes read so far
	empties  int   // empty pages in a row, in a rel="next" chain
}

// newPagingGuard bounds a fetch whose page 1 announced consumed seats and held
// firstUsers users. The page size is what the server used (page 1's length when it
// is shorter than we asked for and more pages follow), else consumedPerPage.
func newPagingGuard(consumed, firstUsers int, more bool) *pagingGuard {
	perPage := consumedPerPage
	if more && firstUsers > 0 && firstUsers < perPage {
		perPage = firstUsers
	}
	seats := int64(max(consumed, 0))
	pages := seats / int64(perPage) // in two steps: seats+perPage-1 can overflow
	if seats%int64(perPage) != 0 {
		pages++
	}
	pages = min(pages, maxConsumedPages) + pageSlack
	maxBytes := int64(MaxFetchBytes)
	if seats < (MaxFetchBytes-fetchBytesBase)/fetchBytesPerSeat {
		maxBytes = fetchBytesBase + seats*fetchBytesPerSeat
	}
	return &pagingGuard{maxPages: int(min(pages, maxConsumedPages)), maxBytes: maxBytes}
}

// checkLast refuses a rel="last" beyond the bound, before anything is sized by it.
func (g *pagingGuard) checkLast(last, consumed int) error {
	if last > g.maxPages {
		return pagingInconsistent(fmt.Sprintf("it announces %d pages for %d consumed seats (at most %d expected)", last, consumed, g.maxPages))
	}
	return nil
}

// read counts one page of n bytes and users users; it fails past the byte bound, and
// in a rel="next" chain (chain set) past maxEmptyPages empty pages in a row.
func (g *pagingGuard) read(page int, n int, users int, chain bool) error {
	g.bytes += int64(n)
	if g.bytes > g.maxBytes {
		return pagingInconsistent(fmt.Sprintf("its pages passed %s in all by page %d, more than %s allow", byteSize(g.bytes), page, byteSize(g.maxBytes)))
	}
	if !chain {
		return nil
	}
	if users == 0 {
		g.empties++
	} else {
		g.empties = 0
	}
	if g.empties > maxEmptyPages {
		return pagingInconsistent(fmt.Sprintf("page %d is the %d%s empty page in a row and still links a next one", page, g.empties, ordinalSuffix(g.empties)))
	}
	return nil
}

// checkNext refuses a rel="next" that repeats a page or runs past the bound.
func (g *pagingGuard) checkNext(from, next int, seen map[int]bool) error {
	switch {
	case seen[next]:
		return pagingInconsistent(fmt.Sprintf("page %d links back to page %d as the next one", from, next))
	case next > g.maxPages:
		return pagingInconsistent(fmt.Sprintf("page %d links a page %d, past the %d pages its totals allow", from, next, g.maxPages))
	}
	return nil
}

// errPagingInconsistent is wrapped by every paging bound's error.
var errPagingInconsistent = errors.New("the cloud's paging is inconsistent")

// pagingInconsistent is the one error every paging bound returns.
func pagingInconsistent(detail string) *Error {
	return &Error{Kind: KindBadResponse, Op: "read the cloud's consumed licenses",
		Err:  fmt.Errorf("%w: %s", errPagingInconsistent, detail),
		Hint: "Nothing was kept from this read; try again later, and if it persists run with --debug and check for a proxy that alters GitHub's answers"}
}

// pageLinks reads the page numbers of rel="next" and rel="last" in a Link header (0
// when absent). A page number that is not a positive int (one that overflows, say)
// is refused rather than read as "no more pages".
func pageLinks(h http.Header) (next, last int, err error) {
	for _, link := range strings.Split(h.Get("Link"), ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
		target = strings.TrimSpace(target)
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		var rel string
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "rel") {
				rel = strings.Trim(v, `"`)
			}
		}
		if rel != "next" && rel != "last" {
			continue
		}
		u, perr := url.Parse(target[1 : len(target)-1])
		if perr != nil {
			continue
		}
		raw := u.Query().Get("page")
		if raw == "" {
			continue
		}
		n, perr := strconv.Atoi(raw)
		if perr != nil || n < 1 {
			return 0, 0, pagingInconsistent(fmt.Sprintf("its rel=%q link names page %q, not a page number we accept", rel, Truncate(textsafe.Sanitize(raw), 24)))
		}
		if rel == "next" {
			next = n
		} else {
			last = n
		}
	}
	return next, last, nil
}

// byteSize renders n bytes for people, in MiB.
func byteSize(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func ordinalSuffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}
