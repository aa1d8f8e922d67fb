package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/seats"
	"github.com/licensesync/licensesync/client/status"
	"github.com/licensesync/licensesync/history"
	"github.com/licensesync/licensesync/tui/common"
)

// statusAndUsers answers Status and ReconcileFrom; the rest of tui.Backend is unused.
type statusAndUsers struct {
	common.Backend
	st    status.Status
	users []client.ConsumedUser
}

func (f statusAndUsers) Status(context.Context) (*status.Status, error) {
	st := f.st
	return &st, nil
}

func (f statusAndUsers) ReconcileFrom(_ context.Context, cl *client.ConsumedLicenses) *seats.Reconcile {
	return seats.NewReconcile(seats.ReconcileInput{Licenses: cl})
}

// The console records each status, and after a users load the people counted twice
// (each person once, however many accounts they have).
func TestConsoleRefreshesRecordSamplesWithTheCountedTwice(t *testing.T) {
	t.Parallel()
	store, _, err := history.Open(context.Background(), filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	consumed, purchased := 3, 10
	fake := statusAndUsers{
		st: status.Status{Server: status.ServerStatus{Hostname: "ghes.example.com"}, Cloud: status.CloudStatus{SeatsConsumed: &consumed, SeatsPurchased: &purchased}},
		users: []client.ConsumedUser{
			{GithubComLogin: "jdoe"},
			{GithubComLogin: "jdoe-gh", GithubComVerifiedDomainEmails: []string{"john.doe@example.com"}},
			{EnterpriseServerUserIDs: []string{"ghes.example.com:7"}, EnterpriseServerEmails: []string{"jdoe@example.com", "john.doe@example.com"}},
			{EnterpriseServerUserIDs: []string{"ghes.example.com:8"}, EnterpriseServerEmails: []string{"someone@example.com"}},
		},
	}
	b := newRecordingBackend(fake, store, false)
	ctx := context.Background()
	if _, err := b.Status(ctx); err != nil {
		t.Fatal(err)
	}
	b.ReconcileFrom(ctx, &client.ConsumedLicenses{Users: fake.users})
	if _, err := b.Status(ctx); err != nil { // the same again: folded
		t.Fatal(err)
	}
	got, err := store.Samples(ctx, history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].CountedTwice != nil || got[1].CountedTwice == nil || *got[1].CountedTwice != 1 {
		t.Fatalf("samples %+v", got)
	}
}
