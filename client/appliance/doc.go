// Package appliance runs and reads the admin shell's utilities of a GitHub Enterprise
// Server (docs/APPLIANCE.md): the license from ghe-license info -j, the hostname GitHub
// knows from ghe-config core.github-hostname, the usage file from ghe-license usage, the
// accounts from ghe-user-csv; each run bounded in time and output (run.go). Detect says
// whether licensesync runs on an appliance at all.
//
// It may import client (the License model and typed errors), seats (ServerAccount),
// transport, textsafe and the standard library.
package appliance
