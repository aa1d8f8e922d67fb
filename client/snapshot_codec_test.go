package client

import (
	"bytes"
	"reflect"
	"testing"
	"time"
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
		case f.Type() == reflect.TypeOf(FlexBool{}):
			b := (i+seed)%2 == 0
			f.Set(reflect.ValueOf(FlexBool{V: &b}))
		default:
			t.Fatalf("ConsumedUser.%s is a %s: the snapshot codec (and this test) must learn it", name, f.Type())
		}
	}
}

// Every field of ConsumedUser survives the snapshot codec, set and unset: a field added
// to the type and not to the codec fails here.
func TestSnapshotCodecRoundTripsEveryField(t *testing.T) {
	var users []ConsumedUser
	for seed := range 2 {
		var u ConsumedUser
		fillEveryField(t, reflect.ValueOf(&u).Elem(), seed)
		users = append(users, u)
	}
	users = append(users, ConsumedUser{}) // every field unset: nil stays nil
	empty := ConsumedUser{}
	for i := range reflect.TypeOf(empty).NumField() { // every list empty, not nil
		if f := reflect.ValueOf(&empty).Elem().Field(i); f.Type() == reflect.TypeOf([]string(nil)) {
			f.Set(reflect.ValueOf([]string{}))
		}
	}
	users = append(users, empty)

	head := snapshotHead{Version: snapshotVersion, CloudURL: "https://api.github.com/", Enterprise: "e", Consumed: 4, Purchased: 5,
		SavedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Partial: true, LastPage: 7,
		Pages: []snapshotPage{{ETag: `"1"`, Users: 3}, {ETag: `W/"2"`, Users: 1}}}
	var file bytes.Buffer
	if err := writeSnapshot(&file, head, [][]ConsumedUser{users[:3], users[3:]}); err != nil {
		t.Fatal(err)
	}
	for name, read := range map[string]func() (*snapshot, error){
		"streamed":  func() (*snapshot, error) { return readSnapshot(bytes.NewReader(file.Bytes()), int64(file.Len())) },
		"in memory": func() (*snapshot, error) { return decodeSnapshot(file.Bytes()) },
	} {
		got, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.head, head) {
			t.Errorf("%s: head %+v, want %+v", name, got.head, head)
		}
		if !reflect.DeepEqual(got.all, users) || len(got.pages) != 2 || len(got.pages[0]) != 3 || !reflect.DeepEqual(got.pages[1][0], users[3]) {
			t.Errorf("%s: users\n got %s\nwant %s", name, jsonOf(t, got.all), jsonOf(t, users))
		}
	}
	damaged := bytes.Clone(file.Bytes())
	damaged[len(damaged)/2] ^= 1
	if _, err := readSnapshot(bytes.NewReader(damaged), int64(len(damaged))); err != errSnapshotCorrupt {
		t.Fatalf("a damaged file was read: %v", err)
	}
}
