package client

import (
	"reflect"
	"testing"
)

func TestEmailsListsEachAddressOnce(t *testing.T) {
	u := ConsumedUser{
		EnterpriseServerEmails:        []string{"Aadams@Acme.test", "a.adams@home.test", ""},
		GithubComVerifiedDomainEmails: []string{"aadams@acme.test", "ana@acme.test"},
	}
	want := []string{"Aadams@Acme.test", "a.adams@home.test", "ana@acme.test"}
	if got := u.Emails(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Emails() = %q, want %q", got, want)
	}
	if got := (ConsumedUser{}).Emails(); len(got) != 0 {
		t.Fatalf("no emails: %q", got)
	}
}
