package client

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// BuildIdentity names the code that runs: the module's version and VCS revision as the
// build stamped them and, for a build of modified or unstamped sources, the
// executable's size and time, so that what a rebuilt program computes is never taken
// for what the one before computed (Keep).
var BuildIdentity = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return executableIdentity()
	}
	revision, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	id := info.Main.Version + " " + revision
	if released := info.Main.Version != "" && info.Main.Version != "(devel)"; !released && (revision == "" || modified) {
		id += " " + executableIdentity()
	}
	return id
})

// executableIdentity is the running executable's size and modification time; when
// they cannot be known, a name no other process has (nothing kept is then taken).
func executableIdentity() string {
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			return fmt.Sprintf("%d bytes, modified %d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return fmt.Sprintf("process %d at %d", os.Getpid(), time.Now().UnixNano())
}
