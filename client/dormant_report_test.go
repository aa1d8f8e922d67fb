package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestDormantUsersAsksWithBasicAuthSaysWhenGeneratingAndReadsColumnsByName serves the
// report the way an appliance does: basic auth only, 202 first, then a CSV whose
// columns need not be in the documented order.
func TestDormantUsersAsksWithBasicAuthSaysWhenGeneratingAndReadsColumnsByName(t *testing.T) {
	asked := 0
	c, trace := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v3/user":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"login":"boss","site_admin":true}`))
		case "/stafftools/reports/dormant_users.csv":
			login, password, ok := r.BasicAuth()
			if !ok || login != "boss" || password != testServerToken {
				http.Error(w, "basic auth needed", http.StatusUnauthorized)
				return
			}
			if asked++; asked == 1 {
				w.WriteHeader(http.StatusAccepted)
				return
			}
			w.Header().Set("Content-Type", "text/csv")
			w.Write([]byte("login,id,role,suspended?,last_active,extra\n" +
				"alice,7,user,false,2025-01-02 03:04:05 UTC,x\n" +
				"root,1,admin,false,,\n" +
				"gone,9,user,true,2024-05-06T00:00:00Z,\n" +
				"evil\x1b[31m,10,user,false,,\n"))
		default:
			http.NotFound(w, r)
		}
	})
	ctx := context.Background()
	_, err := c.DormantUsers(ctx)
	if !errors.Is(err, ErrReportGenerating) || !strings.Contains(err.Error(), "try again in a minute") {
		t.Fatalf("first answer (202): %v, want ErrReportGenerating with a hint", err)
	}
	users, err := c.DormantUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 4 {
		t.Fatalf("users %+v", users)
	}
	if u := users[0]; u.Login != "alice" || u.ID != 7 || u.SiteAdmin || u.Suspended || u.LastActive.Year() != 2025 {
		t.Errorf("alice read as %+v", u)
	}
	if !users[1].SiteAdmin || !users[2].Suspended {
		t.Errorf("role or suspended? lost: %+v", users[1:3])
	}
	if strings.ContainsRune(users[3].Login, 0x1b) {
		t.Errorf("a login from the report reaches us unsanitized: %q", users[3].Login)
	}
	assertNoToken(t, "trace", trace.String())
}

func TestSuspendUserExplainsLDAPRefusal(t *testing.T) {
	c, _ := newHandlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || r.URL.Path != "/api/v3/users/dana/suspended" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"message":"Active Directory LDAP-authenticated users cannot be suspended through the API."}`))
	})
	err := c.SuspendUser(context.Background(), "dana", "dormant")
	if !errors.Is(err, ErrLDAPManaged) || !strings.Contains(err.Error(), "in the directory") {
		t.Fatalf("LDAP refusal: %v, want ErrLDAPManaged with what to do", err)
	}
}
