package sim

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// freePort is a port free on 127.0.0.1 a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestFleetOnAFixedAddress: `sim --addr 127.0.0.1:P --servers 3` serves the appliances
// on P, P+1 and P+2, each answering as itself.
func TestFleetOnAFixedAddress(t *testing.T) {
	var f *Fleet
	var port int
	for range 20 { // another process may take a port between the probe and the listen
		port = freePort(t)
		if port > 65533 {
			continue
		}
		var err error
		if f, err = StartFleet(Options{Seed: 7, Users: 50, CloudUsers: 30}, 3, "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			break
		} else if !errors.Is(err, syscall.EADDRINUSE) {
			t.Fatal(err)
		}
	}
	if f == nil {
		t.Fatal("no three free ports in 20 tries")
	}
	defer f.Close()
	for i, s := range f.Servers {
		if want := "http://127.0.0.1:" + strconv.Itoa(port+i); s.URL != want {
			t.Errorf("appliance %d on %s, want %s", i+1, s.URL, want)
		}
		resp, err := http.Get(s.URL + "/api/v3/meta")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("appliance %d: meta answered %d", i+1, resp.StatusCode)
		}
	}
}

// TestFleetSaysWhichPortIsTaken: a taken port in the fleet's range names the
// appliance and the range; ports past 65535 are refused before anything listens.
func TestFleetSaysWhichPortIsTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	p := taken.Addr().(*net.TCPAddr).Port
	if p > 65534 {
		t.Skipf("port %d leaves no room for a second appliance", p)
	}
	_, err = StartFleet(Options{Seed: 7, Users: 50, CloudUsers: 30}, 2, "127.0.0.1:"+strconv.Itoa(p))
	want := "(appliance 1 of 2; a fleet on 127.0.0.1:" + strconv.Itoa(p) + " takes ports " + strconv.Itoa(p) + " to " + strconv.Itoa(p+1) + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a taken port: %v, want it to say %q", err, want)
	}
	if _, err := StartFleet(Options{Seed: 7}, 3, "127.0.0.1:65534"); err == nil || !strings.Contains(err.Error(), "choose a port up to 65533") {
		t.Errorf("ports past 65535: %v", err)
	}
}
