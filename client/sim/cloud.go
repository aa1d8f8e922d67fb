package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// getConsumed is GET /enterprises/{e}/consumed-licenses, paged by page/per_page.
func (s *Sim) getConsumed(c *call) *response {
	page, perPage := pageParams(c.r.URL.Query())
	var n int
	resp := s.withState(c, func(time.Time) (*response, bool) {
		view := s.consumedNow()
		lo, hi, last := pageBounds(len(view.entries), page, perPage)
		out := wireConsumed{
			TotalSeatsConsumed:  len(view.entries),
			TotalSeatsPurchased: s.w.seatsPurchased,
			Users:               make([]wireConsumedUser, 0, hi-lo),
		}
		for i := lo; i < hi; i++ {
			out.Users = append(out.Users, s.wireEntry(&view.entries[i]))
		}
		n = hi - lo
		resp := jsonResponse(http.StatusOK, out)
		if links := pageLinks(c.r, page, perPage, last); links != "" {
			resp.header.Set("Link", links)
		}
		return resp, false
	})
	pause(c.r.Context(), s.opts.PageTime.Base+time.Duration(n)*s.opts.PageTime.PerItem)
	return resp
}

// wireSyncStatus is GET /enterprises/{e}/license-sync-status.
type wireSyncStatus struct {
	ServerInstances []wireServerInstance `json:"server_instances"`
}

type wireServerInstance struct {
	ServerID string       `json:"server_id"`
	Hostname string       `json:"hostname"`
	LastSync wireLastSync `json:"last_sync"`
}

type wireLastSync struct {
	Date   string `json:"date"`
	Status string `json:"status"`
	Error  string `json:"error"`
}

// getSyncStatus lists the connected appliance first (with an empty status and date
// until a sync or upload reaches the cloud), then servers known only
// from uploads.
func (s *Sim) getSyncStatus(c *call) *response {
	return s.withState(c, func(time.Time) (*response, bool) {
		out := wireSyncStatus{ServerInstances: []wireServerInstance{}}
		own := s.st.record(s.w.serverID)
		switch {
		case own != nil:
			out.ServerInstances = append(out.ServerInstances, instance(own))
		case !s.opts.Disconnected:
			out.ServerInstances = append(out.ServerInstances, wireServerInstance{
				ServerID: s.w.serverID, Hostname: s.opts.Hostname,
				LastSync: wireLastSync{}, // no status GitHub documents fits "never synced"
			})
		}
		for i := range s.st.Servers {
			if rec := &s.st.Servers[i]; rec.ServerID != s.w.serverID {
				out.ServerInstances = append(out.ServerInstances, instance(rec))
			}
		}
		return jsonResponse(http.StatusOK, out), false
	})
}

func instance(rec *serverRecord) wireServerInstance {
	return wireServerInstance{ServerID: rec.ServerID, Hostname: rec.Hostname,
		LastSync: wireLastSync{Date: *stamp(rec.Date), Status: rec.Status, Error: rec.Error}}
}

// postServerUsage is "Add server usage": the cloud counts the file's users as
// that server's, as after a sync.
func (s *Sim) postServerUsage(c *call) *response {
	var file wireUsageFile
	if err := json.NewDecoder(bytes.NewReader(c.body)).Decode(&file); err != nil {
		return errorResponse(http.StatusUnprocessableEntity, "Invalid usage file: not a license usage JSON document.", c.docs)
	}
	if msg := checkUsageFile(&file); msg != "" {
		return errorResponse(http.StatusUnprocessableEntity, "Invalid usage file: "+msg, c.docs)
	}
	users := make([]uploadedUser, len(file.Users))
	for i, u := range file.Users {
		users[i] = uploadedUser{ID: u.ID, Login: u.Login, PrimaryEmail: u.PrimaryEmail}
	}
	resp := s.withState(c, func(now time.Time) (*response, bool) {
		rec := s.st.ensureRecord(file.ServerID, file.Hostname)
		rec.Date, rec.Status, rec.Error = now, syncSuccess, ""
		rec.Counted, rec.Own, rec.Users, rec.UsersUploaded = true, false, users, len(users)
		s.consumed = nil
		return jsonResponse(http.StatusCreated, struct {
			ServerID      string `json:"server_id"`
			Hostname      string `json:"hostname"`
			UsersUploaded int    `json:"users_uploaded"`
			UploadedAt    string `json:"uploaded_at"`
		}{file.ServerID, file.Hostname, len(users), *stamp(now)}), true
	})
	if resp.status == http.StatusCreated {
		s.stats.add(func(st *Stats) { st.Uploads++ })
	}
	return resp
}

// checkUsageFile names what makes file unusable, or returns "".
func checkUsageFile(f *wireUsageFile) string {
	switch {
	case strings.TrimSpace(f.ServerID) == "":
		return "server_id is missing."
	case strings.TrimSpace(f.Hostname) == "":
		return "hostname is missing."
	case f.Users == nil:
		return "users is missing."
	}
	for _, u := range f.Users {
		if u.ID <= 0 || !strings.Contains(u.PrimaryEmail, "@") {
			return "every user needs an id and a primary_email."
		}
	}
	return ""
}
