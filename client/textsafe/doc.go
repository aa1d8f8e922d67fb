// Package textsafe makes text from outside safe for every place licensesync writes it:
// Sanitize for a terminal line or a file, Redact for anything that may hold a token,
// CSVCell for a spreadsheet cell. Every output path (commands, screens, files, logs)
// uses it; it imports nothing of licensesync's, so every other package may import it.
package textsafe
