package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Show the version and build information",
		Long:  "Show the version, the Go version, the platform and the commit it was built from\n(the same line as licensesync --version), and whether appliance mode was detected\n(ghe-license on PATH: the appliance's administrative shell).",
		Example: `  licensesync version
  licensesync --version`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(a.io.out, "%s\n%s\n", versionString(), a.applianceNote())
			return err
		},
	}
}

func versionString() string {
	s := fmt.Sprintf("licensesync %s (%s, %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 12 {
				s += " commit " + kv.Value[:12]
			}
		}
	}
	return s
}
