package main

import (
	"errors"
	"os/exec"
	"runtime"
)

// browserOpener is how the local console opens a web page (the user detail's "open
// profile"): the desktop's own opener. Nil where there is no desktop to open it on (a
// Linux shell without DISPLAY or WAYLAND_DISPLAY, such as an SSH login): the console
// then copies the address instead.
func browserOpener(getenv func(string) string) func(url string) error {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return nil
		}
		name = "xdg-open"
	}
	return func(url string) error {
		path, err := exec.LookPath(name)
		if err != nil {
			return errors.New(name + " is not installed")
		}
		// The opener returns at once; the browser outlives it.
		return exec.Command(path, append(args, url)...).Run()
	}
}
