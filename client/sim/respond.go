package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Documentation roots used in error bodies, as GitHub links them.
const (
	docsServer = "https://docs.github.com/enterprise-server@3.22/rest"
	docsCloud  = "https://docs.github.com/rest"
)

// response is a handler's answer before the common headers, the ETag check and the
// rate-limit headers are added.
type response struct {
	status int
	header http.Header
	body   []byte
	etag   string // set by handlers with their own validator (settings version)
}

// apiError is GitHub's error body.
type apiError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status"`
}

// jsonResponse encodes v compactly, as GitHub does.
func jsonResponse(status int, v any) *response {
	body, err := marshal(v)
	if err != nil {
		return errorResponse(http.StatusInternalServerError, "Server Error", docsCloud)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &response{status: status, header: h, body: body}
}

// marshal is v's JSON as GitHub writes it: <, > and & as they are.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func errorResponse(status int, message, docs string) *response {
	return jsonResponse(status, apiError{Message: message, DocumentationURL: docs, Status: strconv.Itoa(status)})
}

func notFound(docs string) *response { return errorResponse(http.StatusNotFound, "Not Found", docs) }

// entityTag is the validator of a body: a weak tag of its SHA-256, like GitHub's.
func entityTag(body []byte) string {
	sum := sha256.Sum256(body)
	return `W/"` + hex.EncodeToString(sum[:]) + `"`
}

// etagMatches reports whether an If-None-Match or If-Match header names tag
// (weak comparison; "*" matches anything).
func etagMatches(header, tag string) bool {
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}
