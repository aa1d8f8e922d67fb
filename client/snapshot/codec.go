package snapshot

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"io"
	"strings"

	"github.com/licensesync/licensesync/client"
)

// The snapshot file format (docs/PERFORMANCE.md, "Snapshots"): the consumed-licenses
// result of one enterprise, page by page, each page with its ETag:
//
//	"LSSNAP1\n" | uvarint len | head (JSON) | users (binary, pages in order) | CRC-32 of all before
//
// It holds no token and nothing from the configuration but the cloud URL and slug.
// This file is the format only; store.go keeps the files.
const snapshotMagic = "LSSNAP1\n"

const snapshotVersion = 1

// writeSnapshot writes the whole file: magic, head, users, checksum (also returned).
func writeSnapshot(w io.Writer, head client.SnapshotHead, pages [][]client.ConsumedUser) (uint32, error) {
	head.Version = snapshotVersion
	headJSON, err := json.Marshal(head)
	if err != nil {
		return 0, err
	}
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
		return 0, err
	}
	_, err = w.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
	return crc.Sum32(), err
}

// readSnapshot reads a whole file of size bytes from r, checking its checksum. The
// file is read once into one string that the users' strings are slices of.
func readSnapshot(r io.Reader, size int64) (*client.Snapshot, error) {
	if size < int64(len(snapshotMagic))+4 {
		return nil, client.ErrSnapshotCorrupt
	}
	var body strings.Builder
	body.Grow(int(size - 4))
	crc := crc32.NewIEEE()
	if _, err := io.CopyN(io.MultiWriter(&body, crc), r, size-4); err != nil {
		return nil, err
	}
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, err
	}
	if crc.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return nil, client.ErrSnapshotCorrupt
	}
	return decodeSnapshotBody(body.String(), crc.Sum32())
}

// decodeSnapshot decodes a whole file held in memory, checksum included.
func decodeSnapshot(data []byte) (*client.Snapshot, error) {
	if len(data) < len(snapshotMagic)+4 {
		return nil, client.ErrSnapshotCorrupt
	}
	body, sum := data[:len(data)-4], data[len(data)-4:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(sum) {
		return nil, client.ErrSnapshotCorrupt
	}
	return decodeSnapshotBody(string(body), binary.BigEndian.Uint32(sum))
}

// readSnapshotHead reads the magic and the head, and no further.
func readSnapshotHead(br *bufio.Reader) (client.SnapshotHead, error) {
	var head client.SnapshotHead
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != snapshotMagic {
		return head, client.ErrSnapshotCorrupt
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 64<<20 {
		return head, client.ErrSnapshotCorrupt
	}
	raw := make([]byte, n)
	if _, err := io.ReadFull(br, raw); err != nil {
		return head, client.ErrSnapshotCorrupt
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.Version != snapshotVersion {
		return head, client.ErrSnapshotCorrupt
	}
	return head, nil
}

// decodeSnapshotBody decodes everything before the checksum, sum. All the users are in
// one array; each page is a slice of it.
func decodeSnapshotBody(body string, sum uint32) (*client.Snapshot, error) {
	head, err := readSnapshotHead(bufio.NewReader(strings.NewReader(body)))
	if err != nil {
		return nil, err
	}
	// The users start where the head ended: the magic, the length, the head.
	off := len(snapshotMagic)
	n, k := binary.Uvarint([]byte(body[off:min(len(body), off+binary.MaxVarintLen64)]))
	if k <= 0 || n > uint64(len(body)-off-k) {
		return nil, client.ErrSnapshotCorrupt
	}
	d := &userDecoder{s: body[off+k+int(n):], shared: client.NewInterner()}
	total := 0
	for _, p := range head.Pages {
		if p.Users < 0 || p.Users > len(d.s)-total {
			return nil, client.ErrSnapshotCorrupt
		}
		total += p.Users
	}
	all := make([]client.ConsumedUser, total)
	s := &client.Snapshot{Head: head, Pages: make([][]client.ConsumedUser, len(head.Pages)), All: all, Checksum: sum, Size: int64(len(body)) + 4}
	at := 0
	for i, p := range head.Pages {
		users := all[at : at+p.Users : at+p.Users]
		for j := range users {
			d.user(&users[j])
		}
		s.Pages[i] = users
		at += p.Users
	}
	if d.err || d.i != len(d.s) {
		return nil, client.ErrSnapshotCorrupt
	}
	return s, nil
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

func (e *userEncoder) flex(f client.FlexBool) {
	switch {
	case f.V == nil:
		e.w.WriteByte(0)
	case *f.V:
		e.w.WriteByte(2)
	default:
		e.w.WriteByte(1)
	}
}

// user writes every field of u; TestSnapshotCodecRoundTripsEveryField fails when a
// field is added to ConsumedUser and not here.
func (e *userEncoder) user(u *client.ConsumedUser) {
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
// input sets err and yields zero values. With shared, the values that repeat from user
// to user (intern.go) are shared as they are read, not allocated for each user.
type userDecoder struct {
	s      string
	i      int
	err    bool
	shared *client.Interner
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

// sharedPtr is ptr for a value that often repeats.
func (d *userDecoder) sharedPtr() *string {
	if d.shared == nil || d.i >= len(d.s) || d.s[d.i] != 1 {
		return d.ptr()
	}
	d.i++
	return d.shared.PtrOf(d.str())
}

// sharedList is list for a list of one value that often repeats (a role).
func (d *userDecoder) sharedList() []string {
	if d.shared == nil || d.i >= len(d.s) || d.s[d.i] != 2 { // uvarint 2: one value
		return d.list()
	}
	d.i++
	return d.shared.ListOf(d.str())
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

func (d *userDecoder) flex() client.FlexBool {
	switch d.byte() {
	case 0:
		return client.FlexBool{}
	case 1:
		return client.FlexBool{V: &client.FlexFalse}
	case 2:
		return client.FlexBool{V: &client.FlexTrue}
	}
	d.err = true
	return client.FlexBool{}
}

func (d *userDecoder) user(u *client.ConsumedUser) {
	u.GithubComLogin = d.str()
	u.GithubComName = d.ptr()
	u.EnterpriseServerUserIDs = d.list()
	u.GithubComUser = d.flex()
	u.EnterpriseServerUser = d.flex()
	u.VisualStudioSubscriptionUser = d.flex()
	u.LicenseType = d.str()
	u.GithubComProfile = d.ptr()
	u.GithubComMemberRoles = d.sharedList()
	u.GithubComEnterpriseRoles = d.sharedList()
	u.GithubComVerifiedDomainEmails = d.list()
	u.GithubComSamlNameID = d.sharedPtr()
	u.GithubComOrgsWithPendingInvites = d.sharedList()
	u.GithubComTwoFactorAuth = d.flex()
	u.EnterpriseServerEmails = d.list()
	u.VisualStudioLicenseStatus = d.sharedPtr()
	u.VisualStudioSubscriptionEmail = d.sharedPtr()
	start := d.i
	n, k := binary.Varint([]byte(d.s[start:min(len(d.s), start+binary.MaxVarintLen64)]))
	if k <= 0 {
		d.err = true
		return
	}
	d.i += k
	u.TotalUserAccounts = int(n)
}
