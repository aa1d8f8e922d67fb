package snapshot

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/licensesync/licensesync/client"
)

// fillEveryField gives every field of the struct v points to a value that is not its
// zero value, by kind, so that a field the codec forgets cannot round-trip. A field of
// a kind it does not know fails the test: teach the codec first, then this.
func fillEveryField(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		s := name + "-" + string(rune('a'+seed))
		switch {
		case f.Kind() == reflect.String:
			f.SetString(s)
		case f.Kind() == reflect.Int:
			f.SetInt(int64(i*7 + seed + 1))
		case f.Type() == reflect.TypeOf((*string)(nil)):
			f.Set(reflect.ValueOf(&s))
		case f.Type() == reflect.TypeOf([]string(nil)):
			f.Set(reflect.ValueOf([]string{s, "", s + "-2"}))
		case f.Type() == reflect.TypeOf(client.FlexBool{}):
			b := (i+seed)%2 == 0
			f.Set(reflect.ValueOf(client.FlexBool{V: &b}))
		default:
			t.Fatalf("ConsumedUser.%s is a %s: the snapshot codec (and this test) must learn it", name, f.Type())
		}
	}
}

// Every field of ConsumedUser survives the snapshot codec, set and unset: a field added
// to the type and not to the codec fails here.
func TestSnapshotCodecRoundTripsEveryField(t *testing.T) {
	var users []client.ConsumedUser
	for seed := range 2 {
		var u client.ConsumedUser
		fillEveryField(t, reflect.ValueOf(&u).Elem(), seed)
		users = append(users, u)
	}
	users = append(users, client.ConsumedUser{}) // every field unset: nil stays nil
	empty := client.ConsumedUser{}
	for i := range reflect.TypeOf(empty).NumField() { // every list empty, not nil
		if f := reflect.ValueOf(&empty).Elem().Field(i); f.Type() == reflect.TypeOf([]string(nil)) {
			f.Set(reflect.ValueOf([]string{}))
		}
	}
	users = append(users, empty)

	head := client.SnapshotHead{Version: snapshotVersion, CloudURL: "https://api.github.com/", Enterprise: "e", Consumed: 4, Purchased: 5,
		SavedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Partial: true, LastPage: 7,
		Pages: []client.SnapshotPage{{ETag: `"1"`, Users: 3}, {ETag: `W/"2"`, Users: 1}}}
	var file bytes.Buffer
	sum, err := writeSnapshot(&file, head, [][]client.ConsumedUser{users[:3], users[3:]})
	if err != nil {
		t.Fatal(err)
	}
	for name, read := range map[string]func() (*client.Snapshot, error){
		"streamed": func() (*client.Snapshot, error) {
			return readSnapshot(bytes.NewReader(file.Bytes()), int64(file.Len()))
		},
		"in memory": func() (*client.Snapshot, error) { return decodeSnapshot(file.Bytes()) },
	} {
		got, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.Head, head) {
			t.Errorf("%s: head %+v, want %+v", name, got.Head, head)
		}
		if got.Checksum != sum || got.Size != int64(file.Len()) {
			t.Errorf("%s: checksum %08x and size %d, want %08x and %d", name, got.Checksum, got.Size, sum, file.Len())
		}
		if !reflect.DeepEqual(got.All, users) || len(got.Pages) != 2 || len(got.Pages[0]) != 3 || !reflect.DeepEqual(got.Pages[1][0], users[3]) {
			t.Errorf("%s: users\n got %s\nwant %s", name, jsonOf(t, got.All), jsonOf(t, users))
		}
	}
	damaged := bytes.Clone(file.Bytes())
	damaged[len(damaged)/2] ^= 1
	if _, err := readSnapshot(bytes.NewReader(damaged), int64(len(damaged))); err != client.ErrSnapshotCorrupt {
		t.Fatalf("a damaged file was read: %v", err)
	}
}
