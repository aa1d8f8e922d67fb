package serve

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/licensesync/licensesync/cmd/licensesync/shell"
	gossh "golang.org/x/crypto/ssh"
)

// The key files `serve --ssh` trusts (docs/SERVE.md): the authorized_keys file of who gets
// in, and the server's own host key. Each is trusted only when nobody but its owner can
// change it, as sshd's StrictModes does.

// authorizedKeys is an OpenSSH authorized_keys file, read again at every login so that
// edits apply at once. Options (from=, command=…) are not supported and are refused.
type authorizedKeys struct{ path string }

func (k *authorizedKeys) load() (int, error) {
	keys, err := k.read()
	return len(keys), err
}

func (k *authorizedKeys) read() ([]gossh.PublicKey, error) {
	if err := refuseWritableByOthers(k.path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, err
	}
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("line %d: not a public key", n)
		}
		if len(options) > 0 {
			return nil, fmt.Errorf("line %d: key options (%s) are not supported", n, strings.Join(options, ","))
		}
		keys = append(keys, key)
	}
	return keys, sc.Err()
}

func (k *authorizedKeys) allows(key ssh.PublicKey) (bool, error) {
	if key == nil {
		return false, nil
	}
	keys, err := k.read()
	if err != nil {
		return false, err
	}
	for _, allowed := range keys {
		if ssh.KeysEqual(key, allowed) {
			return true, nil
		}
	}
	return false, nil
}

// refuseWritableByOthers refuses a key file that its group or others could change, or
// that sits in a directory they could change (they could replace the file): sshd's
// StrictModes. The error names the exact chmod that fixes it.
func refuseWritableByOthers(path string) error {
	if err := refuseWritable(path, "it"); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	return refuseWritable(dir, "its directory "+dir)
}

// refuseWritable refuses path when group or others may write to it; what names it.
func refuseWritable(path, what string) error {
	info, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return err
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("%s is writable by group or others (mode %04o), so they could replace it; run: chmod go-w %s",
			what, perm, shell.Quote(path))
	}
	return nil
}

// LoadOrCreateHostKey reads the PEM host key at path, or creates an ed25519 one (0600).
// A key others can read, or that group or others can change, is refused, as sshd does.
func LoadOrCreateHostKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if info.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("host key %s is readable by others (mode %04o); run: chmod 600 %s", path, info.Mode().Perm(), shell.Quote(path))
		}
		if err := refuseWritableByOthers(path); err != nil {
			return nil, fmt.Errorf("host key %s: %v", path, err)
		}
		if _, err := gossh.ParsePrivateKey(data); err != nil {
			return nil, fmt.Errorf("host key %s: %v", path, err)
		}
		return data, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "licensesync host key")
	if err != nil {
		return nil, err
	}
	data = pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := refuseWritable(filepath.Dir(path), "its directory "+filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("host key %s: %v", path, err)
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := file.Close(); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	return data, nil
}
