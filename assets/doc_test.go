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
	if _, url := StepDocs(StepLicenseSync); url != DocsURL {
		t.Errorf("license sync step lacks the docs link")
	}
	for _, name := range []string{StepGitHubConnect, StepLicenseSync} {
		if strings.Contains(Step(name), "https://") {
			t.Errorf("step %s: an address in the text wraps; give it to StepDocs", name)
		}
	}
}
