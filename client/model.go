package client

import (
	"strings"
	"time"
)

// Meta is what GET /api/v3/meta says about the appliance.
type Meta struct {
	InstalledVersion string `json:"installed_version"`
}

// Viewer is the account behind the server token (GET /api/v3/user).
type Viewer struct {
	Login     string `json:"login"`
	SiteAdmin bool   `json:"site_admin"`
	// Scopes lists the classic-token scopes from the X-OAuth-Scopes header
	// (nil when the server did not send the header).
	Scopes []string `json:"-"`
}

// License is the server's license (GET /api/v3/enterprise/settings/license).
type License struct {
	Seats               Seats      `json:"seats"`
	SeatsUsed           int        `json:"seats_used"`
	SeatsAvailable      Seats      `json:"seats_available"`
	Kind                string     `json:"kind"`
	DaysUntilExpiration int        `json:"days_until_expiration"`
	ExpiresAt           *time.Time `json:"expires_at"`

	// Source is where the license was read: LicenseSourceUtility (ghe-license info -j
	// in the admin shell, no token needed) or LicenseSourceAPI.
	Source string `json:"source"`
	// Evaluation and Perpetual are known only from ghe-license (nil: unknown).
	Evaluation *bool `json:"evaluation"`
	Perpetual  *bool `json:"perpetual"`
	// AdvancedSecuritySeats is a number or unlimited; nil when not known.
	AdvancedSecuritySeats *Seats `json:"advanced_security_seats"`
	// SeatsUsedUnknown is set when nothing said how many seats are used (ghe-license
	// without a server token), or what was said cannot be true: seats_used and
	// seats_available are then null in JSON.
	SeatsUsedUnknown bool `json:"-"`
	// SeatsUnknown and SeatsAvailableUnknown are set when the seats, or the seats
	// available, cannot be true (client/seats judges them; client/status sets these):
	// the field is null in JSON, never shown.
	SeatsUnknown          bool `json:"-"`
	SeatsAvailableUnknown bool `json:"-"`
	// DaysUnknown is set when the days left cannot be true (an end centuries away):
	// days_until_expiration is then null in JSON. (An end date that cannot be true is
	// dropped: expires_at null.)
	DaysUnknown bool `json:"-"`
	// SeatsSent, SeatsUsedSent and SeatsAvailableSent are what the server sent for the
	// count when it was no number (nor "unlimited"; JSON text, sanitized and shortened),
	// else empty: the count would be an invented 0. client/seats judges it impossible.
	SeatsSent, SeatsUsedSent, SeatsAvailableSent string `json:"-"`
	// SeatsOver is how many seats are used beyond the license's seats (0 within them),
	// nil when not known (unlimited seats, or the seats or seats used unknown). The
	// client leaves it nil; client/status sets it.
	SeatsOver *int `json:"seats_over"`
}

// Where a License was read.
const (
	LicenseSourceUtility = "ghe-license"
	LicenseSourceAPI     = "api"
)

// UserStats is the users block of GET /api/v3/enterprise/stats/all.
type UserStats struct {
	TotalUsers     int `json:"total_users"`
	AdminUsers     int `json:"admin_users"`
	SuspendedUsers int `json:"suspended_users"`
}

// Feature values of the GitHub Connect settings.
const (
	FeatureEnabled  = "enabled"
	FeatureDisabled = "disabled"
	FeatureUnknown  = "unknown"
)

// ConnectSettings is the GitHub Connect tab of the appliance (console API,
// docs/CONSOLE_API.md).
type ConnectSettings struct {
	Connected            bool              `json:"connected"`
	CloudURL             string            `json:"cloud_url"`
	CloudEnterprise      string            `json:"cloud_enterprise"`
	ServerID             string            `json:"server_id"`
	Hostname             string            `json:"hostname"`
	Version              int               `json:"version"`
	Features             map[string]string `json:"features"`
	LicenseSyncEnabledAt *time.Time        `json:"license_sync_enabled_at"`
	// ETag is the version the server sent, for If-Match on the next write.
	ETag string `json:"-"`
}

// LicenseSync returns "enabled", "disabled" or "unknown".
func (s *ConnectSettings) LicenseSync() string {
	if s == nil {
		return FeatureUnknown
	}
	switch v := s.Features["license_sync"]; v {
	case FeatureEnabled, FeatureDisabled:
		return v
	default:
		return FeatureUnknown
	}
}

// Sync job states (console API).
const (
	JobNone      = "none"
	JobQueued    = "queued"
	JobRunning   = "running"
	JobSucceeded = "succeeded"
	JobFailed    = "failed"
)

// SyncJob is the current or last "Sync now" / scheduled job.
type SyncJob struct {
	ID              int64      `json:"id"`
	State           string     `json:"state"`
	StartedAt       *time.Time `json:"started_at"`
	FinishedAt      *time.Time `json:"finished_at"`
	Error           string     `json:"error"`
	UsersUploaded   int        `json:"users_uploaded"`
	Trigger         string     `json:"trigger"`
	NextScheduledAt *time.Time `json:"next_scheduled_at"`
}

// Done reports whether the job has finished, well or badly.
func (j *SyncJob) Done() bool {
	return j != nil && (j.State == JobSucceeded || j.State == JobFailed || j.State == JobNone)
}

// ConsumedLicenses is GHEC's GET /enterprises/{e}/consumed-licenses, all pages joined.
type ConsumedLicenses struct {
	TotalSeatsConsumed  int            `json:"total_seats_consumed"`
	TotalSeatsPurchased int            `json:"total_seats_purchased"`
	Users               []ConsumedUser `json:"users"`

	// Notes says what went wrong with the snapshot (unreadable, unwritable), one
	// sentence each; the result is complete regardless. Never in JSON.
	Notes []string `json:"-"`
	// Fetch says how the result was read. Never in JSON.
	Fetch FetchStats `json:"-"`
}

// ConsumedUser is one person in consumed-licenses, with the API's field names.
// Nullable booleans are *bool; "" where the API declares a boolean decodes as nil.
type ConsumedUser struct {
	GithubComLogin                  string   `json:"github_com_login"`
	GithubComName                   *string  `json:"github_com_name"`
	EnterpriseServerUserIDs         []string `json:"enterprise_server_user_ids"`
	GithubComUser                   FlexBool `json:"github_com_user"`
	EnterpriseServerUser            FlexBool `json:"enterprise_server_user"`
	VisualStudioSubscriptionUser    FlexBool `json:"visual_studio_subscription_user"`
	LicenseType                     string   `json:"license_type"`
	GithubComProfile                *string  `json:"github_com_profile"`
	GithubComMemberRoles            []string `json:"github_com_member_roles"`
	GithubComEnterpriseRoles        []string `json:"github_com_enterprise_roles"`
	GithubComVerifiedDomainEmails   []string `json:"github_com_verified_domain_emails"`
	GithubComSamlNameID             *string  `json:"github_com_saml_name_id"`
	GithubComOrgsWithPendingInvites []string `json:"github_com_orgs_with_pending_invites"`
	GithubComTwoFactorAuth          FlexBool `json:"github_com_two_factor_auth"`
	EnterpriseServerEmails          []string `json:"enterprise_server_emails"`
	VisualStudioLicenseStatus       *string  `json:"visual_studio_license_status"`
	VisualStudioSubscriptionEmail   *string  `json:"visual_studio_subscription_email"`
	TotalUserAccounts               int      `json:"total_user_accounts"`
}

// LicenseSyncStatus is GHEC's GET /enterprises/{e}/license-sync-status.
type LicenseSyncStatus struct {
	ServerInstances []ServerInstance `json:"server_instances"`
}

// ServerInstance is one GHES instance known to the cloud enterprise.
type ServerInstance struct {
	ServerID string   `json:"server_id"`
	Hostname string   `json:"hostname"`
	LastSync LastSync `json:"last_sync"`
}

// LastSync is a server's last sync as the cloud saw it. All strings, as documented;
// Date is kept verbatim and parsed on demand with ParseTime.
type LastSync struct {
	Date   string `json:"date"`
	Status string `json:"status"`
	Error  string `json:"error"`
}

// UploadResult is what the cloud answers to "Add server usage".
type UploadResult struct {
	ServerID      string     `json:"server_id"`
	Hostname      string     `json:"hostname"`
	UsersUploaded int        `json:"users_uploaded"`
	UploadedAt    *time.Time `json:"uploaded_at"`
}

// Emails lists the person's server emails, then their cloud verified-domain emails,
// each address once whatever its case (the same address often appears on both sides).
func (u ConsumedUser) Emails() []string {
	seen := make(map[string]bool, len(u.EnterpriseServerEmails)+len(u.GithubComVerifiedDomainEmails))
	var out []string
	for _, list := range [][]string{u.EnterpriseServerEmails, u.GithubComVerifiedDomainEmails} {
		for _, e := range list {
			if key := strings.ToLower(strings.TrimSpace(e)); key != "" && !seen[key] {
				seen[key] = true
				out = append(out, e)
			}
		}
	}
	return out
}
