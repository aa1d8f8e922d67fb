package transport

import (
	"strconv"
	"strings"
	"time"
)

// cacheMaxAge reads how long a response stays fresh from its Cache-Control header
// (RFC 9111 §5.2.2): max-age in seconds; -1 when the server asks to revalidate every
// time (no-cache, no-store); 0 when it says nothing.
func CacheMaxAge(header string) time.Duration {
	var age time.Duration
	for _, d := range strings.Split(header, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(name) {
		case "no-cache", "no-store":
			return -1
		case "max-age":
			n, err := strconv.Atoi(strings.Trim(value, `"`))
			if err != nil || n < 0 {
				continue
			}
			age = time.Duration(min(n, 365*24*3600)) * time.Second
		}
	}
	return age
}
