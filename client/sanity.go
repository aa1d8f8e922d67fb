package client

import (
	"errors"
	"fmt"
	"strings"
)

// errImpossible is wrapped by the error for an answer whose numbers cannot be true
// (docs/RELIABILITY.md, section 7): it is said, never shown.
var ErrImpossible = errors.New("numbers that cannot be true")

// impossible is the error for an answer to r with numbers that cannot be true, where
// nothing of it can be shown (the numbers everything else is built on).
func (c *Client) impossible(r request, detail string) *Error {
	return &Error{Kind: KindBadResponse, Op: r.op, Err: fmt.Errorf("%w: %s", ErrImpossible, detail),
		Hint: fmt.Sprintf("The server at %s sent them; nothing from this answer is shown. If it persists, check for a proxy on the way.", c.baseLabel(r.side))}
}

// consumedTotalsProblem says what is impossible in consumed-licenses totals, or "".
// Only the read of every page refuses them: its paging and the breakdown are built on
// the totals. Page 1 alone (ConsumedLicensesTotals) returns them as facts, and
// client/status says which cannot be true (client/seats).
func consumedTotalsProblem(p *ConsumedLicenses) string {
	var bad []string
	if p.TotalSeatsConsumed < 0 {
		bad = append(bad, fmt.Sprintf("total_seats_consumed %d", p.TotalSeatsConsumed))
	}
	if p.TotalSeatsPurchased < 0 {
		bad = append(bad, fmt.Sprintf("total_seats_purchased %d", p.TotalSeatsPurchased))
	}
	return strings.Join(bad, ", ")
}

// decodeNotes turns what a lenient decode of a consumed-licenses page left out into
// notes: the skipped users would otherwise vanish without a word.
func decodeNotes(page int, rep decodeReport) []string {
	var notes []string
	if rep.droppedItems > 0 {
		notes = append(notes, fmt.Sprintf("The cloud's consumed-licenses page %d had %d entries that are not user objects; they were left out of the list.", page, rep.droppedItems))
	}
	for _, f := range rep.notLists {
		notes = append(notes, fmt.Sprintf("The cloud's consumed-licenses page %d sent %q as something other than a list; none of its entries could be read.", page, f))
	}
	return notes
}

// countNote says when a complete list disagrees with the totals it came with.
func countNote(listed, consumed int) string {
	if listed == consumed {
		return ""
	}
	return fmt.Sprintf("The cloud lists %d people but counts %d consumed seats; the list may be changing, or the cloud's answer is incomplete.", listed, consumed)
}
