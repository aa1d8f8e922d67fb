package frontend

import (
	"net/url"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/textsafe"
)

// placeholderSlug stands in the address when no enterprise slug is known yet.
const placeholderSlug = "ENTERPRISE"

// EnterpriseURL is a web page of the enterprise on the appliance: its web root, then
// /enterprises/SLUG and then each page segment ("settings", "license"). The slug and
// every segment are made safe for a terminal and escaped as one path segment each, so
// a hostile slug can neither leave the enterprise's pages nor add a query.
func EnterpriseURL(serverURL, slug string, page ...string) string {
	slug = textsafe.Sanitize(slug)
	if slug == "" {
		slug = placeholderSlug
	}
	var b strings.Builder
	b.WriteString(WebRoot(serverURL) + "/enterprises/" + url.PathEscape(slug))
	for _, p := range page {
		b.WriteString("/" + url.PathEscape(textsafe.Sanitize(p)))
	}
	return b.String()
}

// WebRoot is scheme://host[:port] of a server URL as configured (https when it names no
// scheme), without any path: the web pages live at the root whatever API path was given.
func WebRoot(serverURL string) string {
	u, err := url.Parse(client.WithHTTPS(strings.TrimSpace(serverURL)))
	if err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		return textsafe.Sanitize(u.Scheme + "://" + u.Host)
	}
	return "https://" + Host(serverURL)
}

// Host is the host name of a server URL, made safe; the text itself (without a final
// slash) when it has no host part.
func Host(serverURL string) string {
	u, err := url.Parse(serverURL)
	if err != nil || u.Host == "" {
		return textsafe.Sanitize(strings.TrimSuffix(serverURL, "/"))
	}
	return textsafe.Sanitize(u.Hostname())
}
