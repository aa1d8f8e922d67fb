package client

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// DefaultSnapshotDir is where the commands keep consumed-licenses snapshots:
// $XDG_CACHE_HOME/licensesync, else the system's user cache directory
// (~/.cache/licensesync on Linux).
func DefaultSnapshotDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "licensesync"), nil
}

// A snapshot file is the last complete consumed-licenses result of one enterprise,
// page by page, each page with its ETag:
//
//	"LSSNAP1\n" | uvarint len | head (JSON) | users (binary, pages in order) | CRC-32 of all before
//
// It holds no token and nothing from the configuration but the cloud URL and slug.
// Its modification time is when it was last confirmed current.
const snapshotMagic = "LSSNAP1\n"

const snapshotVersion = 1

// snapshotHead is the small part of a snapshot: enough for the totals and for
// revalidating every page.
type snapshotHead struct {
	Version    int            `json:"version"`
	CloudURL   string         `json:"cloud_url"`
	Enterprise string         `json:"enterprise"`
	SavedAt    time.Time      `json:"saved_at"`
	Consumed   int            `json:"total_seats_consumed"`
	Purchased  int            `json:"total_seats_purchased"`
	Pages      []snapshotPage `json:"pages"`
}

// snapshotPage is one page as the server sent it (before users repeated across pages
// were dropped).
type snapshotPage struct {
	ETag  string `json:"etag"`
	Users int    `json:"users"`
}

// snapshot is a loaded snapshot file.
type snapshot struct {
	head      snapshotHead
	pages     [][]ConsumedUser // nil when only the head was read
	confirmed time.Time        // the file's modification time
}

// etag is page's ETag in the snapshot, "" when it has none.
func (s *snapshot) etag(page int) string {
	if s == nil || page < 1 || page > len(s.head.Pages) {
		return ""
	}
	return s.head.Pages[page-1].ETag
}

// users is page's users in the snapshot.
func (s *snapshot) users(page int) ([]ConsumedUser, bool) {
	if s == nil || page < 1 || page > len(s.pages) {
		return nil, false
	}
	return s.pages[page-1], true
}

// result is the snapshot as a consumed-licenses result.
func (s *snapshot) result() *ConsumedLicenses {
	acc := newConsumedAccumulator(&ConsumedLicenses{TotalSeatsConsumed: s.head.Consumed, TotalSeatsPurchased: s.head.Purchased}, len(s.pages), nil)
	for i, users := range s.pages {
		acc.add(i+1, users)
	}
	return acc.result
}

// snapshotStore reads and writes snapshot files in one directory.
type snapshotStore struct {
	dir string
	mu  sync.Mutex // one writer per process
}

// path is the file of one enterprise. key names the enterprise: its slug when
// configured, else the server whose GitHub Connect names it.
func (st *snapshotStore) path(cloudURL, key string) string {
	sum := sha256.Sum256([]byte(cloudURL + "\x00" + key))
	name := key
	if strings.HasPrefix(name, "connect:") || !isSlug(name) {
		name = "connected"
	}
	return filepath.Join(st.dir, "consumed-"+name+"-"+hex.EncodeToString(sum[:6])+".snap")
}

func isSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

var errSnapshotCorrupt = errors.New("not a licensesync snapshot, or damaged")

// load reads a snapshot; headOnly stops after the head (no checksum is checked then).
// A missing file is (nil, nil).
func (st *snapshotStore) load(file string, headOnly bool) (*snapshot, error) {
	f, err := atomicfile.OpenRegular(file) // a pipe or device there must not hold us
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if headOnly {
		br := bufio.NewReaderSize(f, 64<<10)
		head, err := readSnapshotHead(br)
		if err != nil {
			return nil, err
		}
		return &snapshot{head: head, confirmed: info.ModTime()}, nil
	}
	if info.Size() > maxFetchBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than a fetch may hold", errSnapshotCorrupt, info.Size())
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	s, err := decodeSnapshot(data)
	if err != nil {
		return nil, err
	}
	s.confirmed = info.ModTime()
	return s, nil
}

func readSnapshotHead(br *bufio.Reader) (snapshotHead, error) {
	var head snapshotHead
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != snapshotMagic {
		return head, errSnapshotCorrupt
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 64<<20 {
		return head, errSnapshotCorrupt
	}
	raw := make([]byte, n)
	if _, err := io.ReadFull(br, raw); err != nil {
		return head, errSnapshotCorrupt
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.Version != snapshotVersion {
		return head, errSnapshotCorrupt
	}
	return head, nil
}

// decodeSnapshot checks the checksum and decodes everything. The users' strings share
// one copy of the file.
func decodeSnapshot(data []byte) (*snapshot, error) {
	if len(data) < len(snapshotMagic)+4 {
		return nil, errSnapshotCorrupt
	}
	body, sum := data[:len(data)-4], data[len(data)-4:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(sum) {
		return nil, errSnapshotCorrupt
	}
	br := bufio.NewReader(bytes.NewReader(body))
	head, err := readSnapshotHead(br)
	if err != nil {
		return nil, err
	}
	// The users start where the head ended: the magic, the length, the head.
	off, err := headEnd(body)
	if err != nil {
		return nil, err
	}
	d := &userDecoder{s: string(body[off:])}
	s := &snapshot{head: head, pages: make([][]ConsumedUser, len(head.Pages))}
	for i, p := range head.Pages {
		if p.Users < 0 || p.Users > len(d.s)-d.i {
			return nil, errSnapshotCorrupt
		}
		users := make([]ConsumedUser, p.Users)
		for j := range users {
			d.user(&users[j])
		}
		s.pages[i] = users
	}
	if d.err || d.i != len(d.s) {
		return nil, errSnapshotCorrupt
	}
	return s, nil
}

// headEnd is the offset of the users in a snapshot body.
func headEnd(body []byte) (int, error) {
	off := len(snapshotMagic)
	n, k := binary.Uvarint(body[off:])
	if k <= 0 || n > uint64(len(body)-off-k) {
		return 0, errSnapshotCorrupt
	}
	return off + k + int(n), nil
}

// save writes s atomically (a temporary file in the same directory, then a rename),
// readable by the owner only.
func (st *snapshotStore) save(file string, head snapshotHead, pages [][]ConsumedUser) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := os.MkdirAll(st.dir, 0o700); err != nil {
		return err
	}
	headJSON, err := json.Marshal(head)
	if err != nil {
		return err
	}
	return atomicfile.WriteFunc(file, 0o600, func(w *os.File) error {
		crc := crc32.NewIEEE()
		bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 256<<10)
		bw.WriteString(snapshotMagic)
		bw.Write(binary.AppendUvarint(nil, uint64(len(headJSON))))
		bw.Write(headJSON)
		e := userEncoder{w: bw}
		for _, users := range pages {
			for i := range users {
				e.user(&users[i])
			}
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		_, err := w.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
		return err
	})
}

// confirm marks the snapshot current without rewriting it.
func (st *snapshotStore) confirm(file string, now time.Time) error {
	return os.Chtimes(file, now, now)
}

// userEncoder writes ConsumedUsers compactly, keeping nil apart from empty.
type userEncoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (e *userEncoder) uvarint(n uint64) {
	e.w.Write(binary.AppendUvarint(e.buf[:0], n))
}

func (e *userEncoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.w.WriteString(s)
}

func (e *userEncoder) ptr(s *string) {
	if s == nil {
		e.w.WriteByte(0)
		return
	}
	e.w.WriteByte(1)
	e.str(*s)
}

func (e *userEncoder) list(l []string) {
	if l == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(len(l)) + 1)
	for _, s := range l {
		e.str(s)
	}
}

func (e *userEncoder) flex(f FlexBool) {
	switch {
	case f.V == nil:
		e.w.WriteByte(0)
	case *f.V:
		e.w.WriteByte(2)
	default:
		e.w.WriteByte(1)
	}
}

func (e *userEncoder) user(u *ConsumedUser) {
	e.str(u.GithubComLogin)
	e.ptr(u.GithubComName)
	e.list(u.EnterpriseServerUserIDs)
	e.flex(u.GithubComUser)
	e.flex(u.EnterpriseServerUser)
	e.flex(u.VisualStudioSubscriptionUser)
	e.str(u.LicenseType)
	e.ptr(u.GithubComProfile)
	e.list(u.GithubComMemberRoles)
	e.list(u.GithubComEnterpriseRoles)
	e.list(u.GithubComVerifiedDomainEmails)
	e.ptr(u.GithubComSamlNameID)
	e.list(u.GithubComOrgsWithPendingInvites)
	e.flex(u.GithubComTwoFactorAuth)
	e.list(u.EnterpriseServerEmails)
	e.ptr(u.VisualStudioLicenseStatus)
	e.ptr(u.VisualStudioSubscriptionEmail)
	e.w.Write(binary.AppendVarint(e.buf[:0], int64(u.TotalUserAccounts)))
}

// userDecoder reads what userEncoder wrote; strings are slices of s. A short or odd
// input sets err and yields zero values.
type userDecoder struct {
	s   string
	i   int
	err bool
}

func (d *userDecoder) byte() byte {
	if d.i >= len(d.s) {
		d.err = true
		return 0
	}
	b := d.s[d.i]
	d.i++
	return b
}

func (d *userDecoder) uvarint() uint64 {
	var n uint64
	for shift := 0; shift < 64; shift += 7 {
		b := d.byte()
		n |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return n
		}
	}
	d.err = true
	return 0
}

func (d *userDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.err = true
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *userDecoder) ptr() *string {
	switch d.byte() {
	case 0:
		return nil
	case 1:
		s := d.str()
		return &s
	}
	d.err = true
	return nil
}

func (d *userDecoder) list() []string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	if n-1 > uint64(len(d.s)-d.i) {
		d.err = true
		return nil
	}
	l := make([]string, n-1)
	for i := range l {
		l[i] = d.str()
	}
	return l
}

func (d *userDecoder) flex() FlexBool {
	switch d.byte() {
	case 0:
		return FlexBool{}
	case 1:
		v := false
		return FlexBool{V: &v}
	case 2:
		v := true
		return FlexBool{V: &v}
	}
	d.err = true
	return FlexBool{}
}

func (d *userDecoder) user(u *ConsumedUser) {
	u.GithubComLogin = d.str()
	u.GithubComName = d.ptr()
	u.EnterpriseServerUserIDs = d.list()
	u.GithubComUser = d.flex()
	u.EnterpriseServerUser = d.flex()
	u.VisualStudioSubscriptionUser = d.flex()
	u.LicenseType = d.str()
	u.GithubComProfile = d.ptr()
	u.GithubComMemberRoles = d.list()
	u.GithubComEnterpriseRoles = d.list()
	u.GithubComVerifiedDomainEmails = d.list()
	u.GithubComSamlNameID = d.ptr()
	u.GithubComOrgsWithPendingInvites = d.list()
	u.GithubComTwoFactorAuth = d.flex()
	u.EnterpriseServerEmails = d.list()
	u.VisualStudioLicenseStatus = d.ptr()
	u.VisualStudioSubscriptionEmail = d.ptr()
	start := d.i
	n, k := binary.Varint([]byte(d.s[start:min(len(d.s), start+binary.MaxVarintLen64)]))
	if k <= 0 {
		d.err = true
		return
	}
	d.i += k
	u.TotalUserAccounts = int(n)
}

// snapshotKey names the enterprise of a client's snapshot: the configured cloud
// enterprise, else "the one the server's GitHub Connect names".
func (c *Client) snapshotKey() string {
	if c.cfg.CloudEnterprise != "" {
		return c.cfg.CloudEnterprise
	}
	return "connect:" + c.serverRoot()
}

func (c *Client) snapshotFile() string {
	return c.snapshots.path(c.cloudURL.String(), c.snapshotKey())
}

// loadSnapshot reads this client's snapshot for enterprise ent. A snapshot of another
// enterprise or cloud is no snapshot; an unreadable one is none, with a note.
func (c *Client) loadSnapshot(ent string, headOnly bool) (*snapshot, string) {
	if c.snapshots == nil {
		return nil, ""
	}
	file := c.snapshotFile()
	s, err := c.snapshots.load(file, headOnly)
	if err == nil && s != nil && (s.head.Consumed < 0 || s.head.Purchased < 0) {
		err = fmt.Errorf("%w: negative seat totals", errSnapshotCorrupt) // a file is a peer too
	}
	if err != nil {
		return nil, fmt.Sprintf("The snapshot %s could not be read (%v); it is ignored and will be replaced.", file, err)
	}
	if s == nil || s.head.CloudURL != c.cloudURL.String() || (ent != "" && !strings.EqualFold(s.head.Enterprise, ent)) {
		return nil, ""
	}
	return s, ""
}

// CachedConsumedLicenses is the last complete consumed-licenses result kept on disk
// (Config.SnapshotDir), without any request: for showing something at once. at is
// when it was last confirmed current (fetched, or every page revalidated unchanged).
// ok is false when there is no usable snapshot (none yet, no SnapshotDir, damaged).
func (c *Client) CachedConsumedLicenses(ctx context.Context) (cl *ConsumedLicenses, at time.Time, ok bool) {
	if ctx.Err() != nil {
		return nil, time.Time{}, false
	}
	s, note := c.loadSnapshot("", false)
	if s == nil {
		return nil, time.Time{}, false
	}
	cl = s.result()
	if note != "" {
		cl.Notes = append(cl.Notes, note)
	}
	cl.Fetch = FetchStats{FromSnapshot: true, Pages: len(s.pages)}
	return cl, s.confirmed, true
}
