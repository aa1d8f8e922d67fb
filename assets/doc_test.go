package assets

import (
	"strings"
	"testing"
)

func TestEveryStepHasText(t *testing.T) {
	for _, name := range []string{StepConnect, StepEnterprise, StepGitHubConnect, StepLicenseSync, StepBrowser, StepDashboard} {
		text := Step(name)
		if text == "" || strings.Contains(text, "\n\n\n") {
			t.Errorf("step %s: bad text %q", name, text)
		}
	}
	if !strings.Contains(Step(StepLicenseSync), DocsURL) {
		t.Errorf("license sync text lacks the docs link")
	}
}
