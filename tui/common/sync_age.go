package common

import "time"

// FreshSync is how recent a successful cloud-side sync must be to count as current
// (and to verify the setting): GitHub Connect's weekly schedule plus a day.
const FreshSync = 8 * 24 * time.Hour
