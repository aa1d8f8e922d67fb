package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxUtilityPeakRSS is the most memory one run may use whatever the appliance's
// utilities print (docs/APPLIANCE.md, "Bounds"): issue 21's 300 MB for any hostile
// answer. An endless usage file stopped at its 80 MiB cap peaks near 230 MiB.
const maxUtilityPeakRSS = 280 << 20

// hostileLicenseUtility replaces the sim's ghe-license stub with one that runs script
// for the subcommand sub and the sim's own stub for the others.
func hostileLicenseUtility(t *testing.T, stubs, sub, script string) {
	t.Helper()
	orig := filepath.Join(stubs, "ghe-license")
	if err := os.Rename(orig, filepath.Join(stubs, "ghe-license-sim")); err != nil {
		t.Fatal(err)
	}
	body := "#!/bin/sh\n[ \"$1\" = " + sub + " ] && { " + script + "\n exit 0; }\nexec \"$(dirname \"$0\")/ghe-license-sim\" \"$@\"\n"
	if err := os.WriteFile(orig, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestApplianceExportOfEndlessUsageIsStopped: a ghe-license usage that never stops
// printing is cut at the usage file's cap, one clear line, no file left, bounded memory.
func TestApplianceExportOfEndlessUsageIsStopped(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	hostileLicenseUtility(t, stubs, "usage", `printf '{"instance":{"features":['; yes '{},'`)
	dir := t.TempDir()
	file := filepath.Join(dir, "usage.json")
	r := runBinMeasured(t, env, "export", "-o", file)
	assertOneLineError(t, r.result)
	if r.code == 0 || !strings.Contains(r.stderr, "run ghe-license usage: printed more than the output limit of 80 MiB") || !strings.Contains(r.stderr, "by hand") {
		t.Errorf("want the usage file refused at 80 MiB, saying what to do:\n%s", r.result)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("export left %d files behind", len(left))
	}
	if r.peakRSS <= 0 || r.peakRSS > maxUtilityPeakRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxUtilityPeakRSS>>20)
	}
	t.Logf("endless usage: peak RSS %.1f MiB", float64(r.peakRSS)/(1<<20))
}

// TestApplianceExportOfHugeUsageStaysBounded: a large usage file (30 MB) whose
// instance block holds millions of features is written byte for byte, and --json
// reads its instance without holding the list in memory.
func TestApplianceExportOfHugeUsageStaysBounded(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	hostileLicenseUtility(t, stubs, "usage", `printf '{"instance":{"server_id":"s-1","features":['; yes '{},' | head -c 30000000; printf '"last"]},"users":"RU5D"}'`)
	file := filepath.Join(t.TempDir(), "usage.json")
	r := runBinMeasured(t, env, "export", "-o", file, "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"server_id": "s-1"`) || !strings.Contains(r.stdout, `"last"`) {
		t.Errorf("export --json of a huge usage file:\n%s", r.result)
	}
	if st, err := os.Stat(file); err != nil || st.Size() < 30000000 {
		t.Errorf("the file: %v, %v", st, err)
	}
	if r.peakRSS <= 0 || r.peakRSS > maxUtilityPeakRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxUtilityPeakRSS>>20)
	}
	t.Logf("huge usage: peak RSS %.1f MiB", float64(r.peakRSS)/(1<<20))
}

// TestApplianceStatusWithHugeLicenseInfo: a ghe-license info -j that floods is refused
// at 1 MiB before any of it is decoded; status still shows the rest and says why the
// license is missing.
func TestApplianceStatusWithHugeLicenseInfo(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	hostileLicenseUtility(t, stubs, "info", `printf '{"seats":1,"pad":"'; yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | tr -d '\n'`)
	r := runBinMeasured(t, env, "status", "--json")
	if !strings.Contains(r.stdout+r.stderr, "ghe-license info -j: printed more than the output limit of 1 MiB") {
		t.Errorf("status does not say the license output was refused at 1 MiB:\n%s", r.result)
	}
	if r.peakRSS <= 0 || r.peakRSS > maxUtilityPeakRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxUtilityPeakRSS>>20)
	}
	t.Logf("huge license info: exit %d, peak RSS %.1f MiB", r.code, float64(r.peakRSS)/(1<<20))
}

// TestApplianceStatusWithEndlessUserList: a ghe-user-csv that repeats one user without
// end is stopped at the row cap; status says why there is no projection, in bounded
// memory and time.
func TestApplianceStatusWithEndlessUserList(t *testing.T) {
	t.Parallel()
	env, stubs := applianceEnv(t)
	script := "#!/bin/sh\nprintf 'login,email,suspension_status\\n'; yes 'ann,ann@acme.test,active'\n"
	if err := os.WriteFile(filepath.Join(stubs, "ghe-user-csv"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r := runBinMeasured(t, env, "status")
	if !strings.Contains(r.stdout+r.stderr, "ghe-user-csv -o -d: it lists more than 400,000 users") {
		t.Errorf("status does not say the user list was refused at 400,000 rows:\n%s", r.result)
	}
	if r.peakRSS <= 0 || r.peakRSS > maxUtilityPeakRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxUtilityPeakRSS>>20)
	}
	t.Logf("endless user list: exit %d, peak RSS %.1f MiB", r.code, float64(r.peakRSS)/(1<<20))
}
