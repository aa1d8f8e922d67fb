package snapshot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
	"github.com/licensesync/licensesync/client/sim"
	"github.com/licensesync/licensesync/client/status"
)

func snapshotFiles(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.snap"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// With a max age of "never", every page is revalidated with its ETag.
func TestSnapshotRevalidatesEveryPageWith304(t *testing.T) {
	dir := t.TempDir()
	c, srv := newSimClient(t, sim.Options{CloudUsers: 1234}, dir, func(cfg *client.Config) { cfg.SnapshotMaxAge = -1 })
	ctx := context.Background()
	if _, _, ok := c.CachedConsumedLicenses(ctx); ok {
		t.Fatal("a snapshot before any fetch")
	}
	first, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Fetch.Pages != 13 || first.Fetch.NotModified != 0 || len(first.Users) != 1234 {
		t.Fatalf("first fetch: %+v, %d users", first.Fetch, len(first.Users))
	}
	if files := snapshotFiles(t, dir); len(files) != 1 {
		t.Fatalf("snapshot files: %v", files)
	}
	before := srv.Stats().NotModified

	var progress []int
	second, err := c.ConsumedLicenses(ctx, func(p client.PageProgress) { progress = append(progress, p.Page) })
	if err != nil {
		t.Fatal(err)
	}
	if second.Fetch.NotModified != 13 || srv.Stats().NotModified-before != 13 {
		t.Fatalf("second fetch: %+v; sim 304s %d", second.Fetch, srv.Stats().NotModified-before)
	}
	if len(progress) != 13 || progress[0] != 1 || progress[12] != 13 {
		t.Fatalf("progress pages: %v", progress)
	}
	if !reflect.DeepEqual(jsonOf(t, first.Users), jsonOf(t, second.Users)) || second.TotalSeatsConsumed != first.TotalSeatsConsumed {
		t.Fatal("the revalidated result differs from the fetched one")
	}
	cached, at, ok := c.CachedConsumedLicenses(ctx)
	if !ok || !cached.Fetch.FromSnapshot || time.Since(at) > time.Minute {
		t.Fatalf("cached: ok %v at %v", ok, at)
	}
	if jsonOf(t, cached.Users) != jsonOf(t, first.Users) || cached.TotalSeatsPurchased != first.TotalSeatsPurchased {
		t.Fatal("the cached result differs from the fetched one")
	}

	// Status revalidates page 1 only.
	before = srv.Stats().NotModified
	st, err := status.New(c, nil).Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Stats().NotModified-before != 1 || st.Cloud.SeatsConsumed == nil || *st.Cloud.SeatsConsumed != first.TotalSeatsConsumed {
		t.Fatalf("status: 304s %d, consumed %v", srv.Stats().NotModified-before, st.Cloud.SeatsConsumed)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSnapshotFileModeAtomicAndNoToken(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "licensesync")
	c, _ := newSimClient(t, sim.Options{CloudUsers: 250}, dir, nil)
	if _, err := c.ConsumedLicenses(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	files := snapshotFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("files: %v", files)
	}
	info, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left-over files: %v", entries)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{sim.ServerAdminToken, sim.CloudAdminToken} {
		if strings.Contains(string(data), tok) {
			t.Fatal("a token is in the snapshot")
		}
	}
}

func TestSnapshotCorruptIsIgnoredWithANote(t *testing.T) {
	dir := t.TempDir()
	c, srv := newSimClient(t, sim.Options{CloudUsers: 300}, dir, nil)
	ctx := context.Background()
	want, err := c.ConsumedLicenses(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := snapshotFiles(t, dir)[0]
	data, _ := os.ReadFile(file)
	for name, damaged := range map[string][]byte{
		"flipped byte": func() []byte { d := append([]byte{}, data...); d[len(d)/2] ^= 0x40; return d }(),
		"truncated":    data[:len(data)/3],
		"garbage":      []byte("{not a snapshot"),
	} {
		if err := os.WriteFile(file, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := c.CachedConsumedLicenses(ctx); ok {
			t.Fatalf("%s: a damaged snapshot was used", name)
		}
		before := srv.Stats().NotModified
		got, err := c.ConsumedLicenses(ctx, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "could not be read") {
			t.Fatalf("%s: notes %q", name, got.Notes)
		}
		if srv.Stats().NotModified != before || jsonOf(t, got.Users) != jsonOf(t, want.Users) {
			t.Fatalf("%s: the damaged snapshot leaked into the result", name)
		}
		if _, _, ok := c.CachedConsumedLicenses(ctx); !ok {
			t.Fatalf("%s: the snapshot was not replaced", name)
		}
	}
}

func TestSnapshotRoundTripKeepsNullsAndEmpties(t *testing.T) {
	yes, no, empty, name := true, false, "", "Ada"
	users := []client.ConsumedUser{
		{GithubComLogin: "ada", GithubComName: &name, GithubComUser: client.FlexBool{V: &yes}, EnterpriseServerUser: client.FlexBool{V: &no},
			GithubComMemberRoles: []string{}, EnterpriseServerEmails: []string{"a@x", "b@y"}, TotalUserAccounts: 2, GithubComProfile: &empty},
		{EnterpriseServerUserIDs: []string{"ghes:1"}, GithubComTwoFactorAuth: client.FlexBool{}, TotalUserAccounts: -1},
		{},
	}
	st := NewStore(t.TempDir())
	file := filepath.Join(st.dir, "x.snap")
	head := client.SnapshotHead{Version: snapshotVersion, CloudURL: "https://api.github.com/", Enterprise: "e", Consumed: 3, Purchased: 9,
		Pages: []client.SnapshotPage{{ETag: `W/"a"`, Users: 2}, {ETag: `"b"`, Users: 1}}}
	if _, err := st.Save(file, head, [][]client.ConsumedUser{users[:2], users[2:]}, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(file, false)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Head.Pages; len(p) != 2 || p[0].ETag != `W/"a"` || p[1].ETag != `"b"` {
		t.Fatalf("etags: %+v", p)
	}
	all := append(append([]client.ConsumedUser{}, got.Pages[0]...), got.Pages[1]...)
	if !reflect.DeepEqual(all, users) {
		t.Fatalf("round trip:\n got %s\nwant %s", jsonOf(t, all), jsonOf(t, users))
	}
	h, err := st.Load(file, true)
	if err != nil || h.Head.Consumed != 3 || h.Pages != nil {
		t.Fatalf("head only: %+v %v", h, err)
	}
}

// FuzzSnapshotDecode: damaged files never panic.
func FuzzSnapshotDecode(f *testing.F) {
	st := NewStore(f.TempDir())
	file := filepath.Join(st.dir, "x.snap")
	name := "n"
	_, _ = st.Save(file, client.SnapshotHead{Version: snapshotVersion, Pages: []client.SnapshotPage{{Users: 1}}}, [][]client.ConsumedUser{{{GithubComLogin: "a", GithubComName: &name, EnterpriseServerEmails: []string{"x"}}}}, nil, time.Now())
	data, _ := os.ReadFile(file)
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeSnapshot(b)
		d := &userDecoder{s: string(b)}
		var u client.ConsumedUser
		d.user(&u)
	})
}

// A file's fingerprint is the same whether its head alone or all of it was read, and
// after a confirmation; a save of the same users is another.
func TestFingerprintNamesTheFileContent(t *testing.T) {
	st := NewStore(t.TempDir())
	file := st.Path("https://api.github.com/", "e")
	head := client.SnapshotHead{CloudURL: "https://api.github.com/", Enterprise: "e", Consumed: 1, Purchased: 2,
		SavedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Pages: []client.SnapshotPage{{ETag: `"1"`, Users: 1}}}
	login := "ann"
	pages := [][]client.ConsumedUser{{{GithubComLogin: login}}}
	save := func() string {
		t.Helper()
		fp, err := st.Save(file, head, pages, pages[0], time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := loadFingerprint(t, st, file, false); got != fp {
			t.Fatalf("saved %s, read %s", fp, got)
		}
		return fp
	}
	saved := save()
	if saved == "" {
		t.Fatal("no fingerprint")
	}
	fresh := NewStore(st.dir) // nothing in memory: both read the file
	for _, headOnly := range []bool{true, false} {
		if got := loadFingerprint(t, fresh, file, headOnly); got != saved {
			t.Errorf("head only %v: fingerprint %s, saved %s", headOnly, got, saved)
		}
	}
	if err := st.Confirm(file, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := loadFingerprint(t, NewStore(st.dir), file, true); got != saved {
		t.Errorf("after a confirmation: %s, saved %s", got, saved)
	}
	head.SavedAt = head.SavedAt.Add(time.Second)
	if again := save(); again == saved {
		t.Errorf("another save has the same fingerprint %s", again)
	}
}

func loadFingerprint(t *testing.T, st *Store, file string, headOnly bool) string {
	t.Helper()
	s, err := st.Load(file, headOnly)
	if err != nil || s == nil {
		t.Fatalf("load (head only %v): %v", headOnly, err)
	}
	return s.Fingerprint()
}
