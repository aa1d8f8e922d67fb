package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// fleetServer is one server of the configuration file's fleet (like gh's hosts or
// kubectl's contexts): `--server NAME` picks it, `status --all` reads every one.
//
//	servers:
//	  - name: prod
//	    url: https://ghes.example.com
//	    enterprise: acme
//	    cloud_enterprise: acme-cloud     # optional
//	    token_env: GHES_PROD_TOKEN       # optional: else gh's lookup for the host
//	    hostname: ghes.example.com       # optional: the name the cloud knows; else the URL's host
type fleetServer struct {
	Name            string `yaml:"name"`
	URL             string `yaml:"url"`
	Enterprise      string `yaml:"enterprise"`
	CloudEnterprise string `yaml:"cloud_enterprise"`
	TokenEnv        string `yaml:"token_env"`
	// Hostname is the name the cloud knows the server by, when not the URL's host.
	Hostname string `yaml:"hostname"`
}

var (
	fleetName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
	envName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// checkFleet checks the fleet up front: names and URLs given, names unique and plain.
func (c *fileConfig) checkFleet() error {
	seen := map[string]bool{}
	for i, s := range c.Servers {
		where := fmt.Sprintf("config %s: servers[%d]", c.path, i)
		switch {
		case !fleetName.MatchString(s.Name):
			return usage.Errorf("%s: name %q: give a short name of letters, digits, '.', '_' or '-' (e.g. prod)", where, s.Name)
		case seen[strings.ToLower(s.Name)]:
			return usage.Errorf("%s: the name %q is used twice", where, s.Name)
		case strings.TrimSpace(s.URL) == "":
			return usage.Errorf("%s (%s): url is missing, e.g. url: https://ghes.example.com", where, s.Name)
		case s.TokenEnv != "" && !envName.MatchString(s.TokenEnv):
			return usage.Errorf("%s (%s): token_env %q is not an environment variable's name", where, s.Name, s.TokenEnv)
		}
		seen[strings.ToLower(s.Name)] = true
	}
	return nil
}

// fleetEntry finds the fleet's server named nameOrURL, or whose URL has its host.
func (c *fileConfig) fleetEntry(nameOrURL string) (fleetServer, bool) {
	if c == nil || nameOrURL == "" {
		return fleetServer{}, false
	}
	for _, s := range c.Servers {
		if strings.EqualFold(s.Name, nameOrURL) {
			return s, true
		}
	}
	host := hostOf(client.WithHTTPS(nameOrURL))
	for _, s := range c.Servers {
		if strings.EqualFold(hostOf(client.WithHTTPS(s.URL)), host) {
			return s, true
		}
	}
	return fleetServer{}, false
}

// applyFleet fills what the fleet entry says and the flags and environment did not.
func (a *app) applyFleet(cfg *client.Config, s fleetServer, enterpriseGiven, cloudEntGiven bool) {
	cfg.ServerURL = client.WithHTTPS(strings.TrimSpace(s.URL))
	if !enterpriseGiven && s.Enterprise != "" {
		cfg.Enterprise = s.Enterprise
	}
	if !cloudEntGiven && s.CloudEnterprise != "" {
		cfg.CloudEnterprise = s.CloudEnterprise
	}
}

// fleetToken is the token of a fleet server with token_env, and where it came from.
func (a *app) fleetToken(s fleetServer) (value, source string, ok bool) {
	if s.TokenEnv == "" {
		return "", "", false
	}
	return strings.TrimSpace(a.getenv(s.TokenEnv)), s.TokenEnv, true
}
