package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A response inside the byte limit can still hold millions of tiny elements
// (`[{},{},…]`), each of which decoding would turn into a whole Go value: gigabytes
// from a few megabytes. So before a body is decoded, its lists are counted in one pass
// that allocates nothing per element and stops at the first list past its bound
// (docs/RELIABILITY.md, "Bounds").

// itemBound is how many elements one list of a response may hold, by what the request
// asked for. path names the list by its keys from the top, "[]" standing for the
// elements of a list ("users"; "[]" is a body that is itself a list; "[].a" the key a
// of each of its elements); keys match case-insensitively, as decoding does.
type itemBound struct {
	path  string
	max   int
	what  string // the elements, for the error: "users"
	asked string // why that many, for the error: "the per_page=100 asked for"
}

// maxOtherItems bounds the elements of all the lists of one response that no itemBound
// names together (emails and roles of the users on a page, the features of a Server
// Statistics record): 1,000 for each user of a full consumed-licenses page.
const maxOtherItems = 100_000

// ErrTooManyItems is wrapped by the error for a response with more list elements than
// the request asked for.
var ErrTooManyItems = errors.New("more items than were asked for")

// checkItems refuses body, before it is decoded, when one of its lists holds more
// elements than r's bounds allow, or all its other lists more than maxOtherItems. A
// body that is not valid JSON passes: decoding says what is wrong with it.
func (c *Client) checkItems(r request, body []byte) error {
	detail := itemsPastBound(body, r.items)
	if detail == "" {
		return nil
	}
	return &Error{Kind: KindBadResponse, Op: r.op,
		Err:  fmt.Errorf("%w: %s %s holds %s", ErrTooManyItems, r.method, "/"+r.path, detail),
		Hint: fmt.Sprintf("Nothing of this answer was kept. The server at %s sent it; if it persists, check for a proxy on the way.", c.baseLabel(r.side))}
}

// maxItemDepth is the deepest nesting counted: encoding/json refuses a body nested
// deeper than 10,000, so a deeper one is left for decoding to refuse, and the count's
// own stack stays small.
const maxItemDepth = 10_000

// itemFrame is an open object or list while body is counted.
type itemFrame struct {
	root    bool // the frame holding the body's value
	list    bool
	path    string // the frame's path, when tracked
	tracked bool   // its path is a prefix of a bound's: its children's paths are built
	wantKey bool   // objects: the next string is a key
	key     string // objects, tracked: the current key
	bound   *itemBound
	n       int // lists: elements so far
	// elem is, for a tracked list, the frame its elements open with, made once: a
	// list of millions of objects builds one path, not millions.
	elem *itemFrame
}

// itemsPastBound says which list of body is past its bound ("more than 100 users, the
// per_page=100 asked for"), or "" when none is.
func itemsPastBound(body []byte, bounds []itemBound) string {
	others := 0
	stack := []itemFrame{{root: true, tracked: true}}
	// startValue counts a value beginning in the innermost frame, and says when that
	// takes a list past its bound.
	startValue := func() string {
		top := &stack[len(stack)-1]
		if !top.list {
			return ""
		}
		top.n++
		switch {
		case top.bound != nil && top.n > top.bound.max:
			return fmt.Sprintf("more than %d %s, %s", top.bound.max, top.bound.what, top.bound.asked)
		case top.bound == nil:
			if others++; others > maxOtherItems {
				return fmt.Sprintf("more than %d elements in its lists", maxOtherItems)
			}
		}
		return ""
	}
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case ' ', '\t', '\r', '\n', ':':
		case ',':
			if top := &stack[len(stack)-1]; !top.list {
				top.wantKey = true
			}
		case '"':
			end := stringEnd(body, i)
			if end < 0 {
				return "" // not JSON: decoding says so
			}
			if top := &stack[len(stack)-1]; !top.list && top.wantKey {
				top.wantKey = false
				if top.tracked {
					top.key = jsonKey(body[i : end+1])
				}
			} else if bad := startValue(); bad != "" {
				return bad
			}
			i = end
		case '{', '[':
			if len(stack) > maxItemDepth {
				return ""
			}
			if bad := startValue(); bad != "" {
				return bad
			}
			stack = append(stack, childFrame(&stack[len(stack)-1], c == '[', bounds))
		case '}', ']':
			if len(stack) == 1 {
				return ""
			}
			stack = stack[:len(stack)-1]
		default: // a number, true, false or null: one value, up to the next delimiter
			if bad := startValue(); bad != "" {
				return bad
			}
			for i+1 < len(body) && !isItemDelimiter(body[i+1]) {
				i++
			}
		}
	}
	return ""
}

// isItemDelimiter reports a byte that ends a number or literal.
func isItemDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ':', '[', ']', '{', '}', '"':
		return true
	}
	return false
}

// stringEnd is the index of the quote closing the JSON string that opens at body[i],
// or -1 when it does not close.
func stringEnd(body []byte, i int) int {
	for j := i + 1; j < len(body); {
		k := bytes.IndexAny(body[j:], `"\`)
		if k < 0 {
			return -1
		}
		j += k
		if body[j] == '"' {
			return j
		}
		j += 2 // a backslash and the byte it escapes
	}
	return -1
}

// jsonKey is the key a quoted JSON string names.
func jsonKey(quoted []byte) string {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return string(quoted[1 : len(quoted)-1])
	}
	var k string
	_ = json.Unmarshal(quoted, &k)
	return k
}

// childFrame is the frame of a list or object opening in parent.
func childFrame(parent *itemFrame, list bool, bounds []itemBound) itemFrame {
	f := itemFrame{list: list, wantKey: !list}
	if !parent.tracked {
		return f
	}
	if parent.list && parent.elem != nil && parent.elem.list == list {
		return *parent.elem
	}
	switch {
	case parent.root:
		f.path = ""
	case parent.list:
		f.path = parent.path + "[]"
	case parent.path == "":
		f.path = parent.key
	default:
		f.path = parent.path + "." + parent.key
	}
	for j := range bounds {
		b := &bounds[j]
		if list && strings.EqualFold(b.path, f.path) {
			f.bound = b
		}
		if len(b.path) >= len(f.path) && strings.EqualFold(b.path[:len(f.path)], f.path) {
			f.tracked = true
		}
	}
	if parent.list {
		elem := f
		parent.elem = &elem
	}
	return f
}
