package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sitrep/sitrep/ingest"
)

// stateVersion is written in every state file; a file of another version
// is refused rather than misread.
const stateVersion = 1

// State is what a watcher knows between runs: each feed's validators and
// schedule, and each host's backoff. It is kept in a JSON file (see
// LoadState and Save) so that a restarted watcher neither fetches again
// what has not changed nor waits less than a host asked. It is safe for
// concurrent use.
type State struct {
	mu    sync.Mutex
	feeds map[string]*FeedState
	hosts map[string]*HostState
	gone  map[string]time.Time // entries that failed for good: until when they are left alone
}

// How long a feed entry that failed for good is not fetched again when its
// feed changes. A page with no article text (a video, a gallery) stays so,
// and news feeds list such entries for days; an HTTP error (a 404) may be a
// page published after its entry, so it is tried again sooner.
const (
	GoneFor     = 7 * 24 * time.Hour
	GoneHTTPFor = 6 * time.Hour
)

// FeedState is what is known of one watched URL. It is due again Every
// after LastPoll, or when its host's backoff ends if that is later, so
// that a restart with another --every takes it at once.
type FeedState struct {
	// Validators describe the version whose items were all stored (or
	// failed for good); the next poll asks only for a newer one.
	ingest.Validators
	// LastPoll is when it was last polled, LastChange when it was last
	// found changed.
	LastPoll   time.Time `json:"last_poll,omitzero"`
	LastChange time.Time `json:"last_change,omitzero"`
}

// HostState is a host's backoff after transient failures.
type HostState struct {
	// Failures counts the polls in a row in which a fetch from the host
	// failed transiently; each doubles the wait.
	Failures int `json:"failures"`
	// Until is when the host may be asked again.
	Until time.Time `json:"until"`
}

// stateFile is the JSON form of a State.
type stateFile struct {
	Version int                   `json:"version"`
	Feeds   map[string]*FeedState `json:"feeds"`
	Hosts   map[string]*HostState `json:"hosts"`
	Gone    map[string]time.Time  `json:"gone,omitempty"`
}

// NewState returns an empty State.
func NewState() *State {
	return &State{feeds: map[string]*FeedState{}, hosts: map[string]*HostState{}, gone: map[string]time.Time{}}
}

// LoadState reads a state file; a file that does not exist gives an empty
// State, as on a first run.
func LoadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewState(), nil
	}
	if err != nil {
		return nil, err
	}
	var f stateFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a watch state file: %v", path, err)
	}
	if f.Version != stateVersion {
		return nil, fmt.Errorf("%s: watch state version %d, want %d", path, f.Version, stateVersion)
	}
	s := NewState()
	for u, fs := range f.Feeds {
		if fs != nil {
			s.feeds[u] = fs
		}
	}
	for h, hs := range f.Hosts {
		if hs != nil {
			s.hosts[h] = hs
		}
	}
	for u, t := range f.Gone {
		s.gone[u] = t
	}
	return s, nil
}

// Save writes the state to path atomically (a temporary file renamed over
// it), so that a crash leaves the old state or the new one, never half of
// one. Two watchers sharing a file each write their own view; the last
// one wins, and what it lacks is fetched again and caught by the store's
// deduplication.
func (s *State) Save(path string) error {
	s.mu.Lock()
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, Feeds: s.feeds, Hosts: s.hosts, Gone: s.gone}, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Feed returns a copy of what is known of a feed (zero when nothing is).
func (s *State) Feed(url string) FeedState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.feeds[url]; f != nil {
		return *f
	}
	return FeedState{}
}

// updateFeed changes a feed's state under the lock.
func (s *State) updateFeed(url string, f func(*FeedState)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.feeds[url]
	if fs == nil {
		fs = &FeedState{}
		s.feeds[url] = fs
	}
	f(fs)
}

// Host returns a copy of a host's backoff (zero when none).
func (s *State) Host(host string) HostState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.hosts[host]; h != nil {
		return *h
	}
	return HostState{}
}

// setHost records a host's backoff; a zero one is removed.
func (s *State) setHost(host string, h HostState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h == (HostState{}) {
		delete(s.hosts, host)
		return
	}
	s.hosts[host] = &h
}

// Gone reports whether a feed entry that failed for good is still to be
// left alone at now.
func (s *State) Gone(url string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return now.Before(s.gone[url])
}

// setGone records that a feed entry is to be left alone until then, and
// forgets the entries whose time is past, which keeps the file small.
func (s *State) setGone(url string, now, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for u, t := range s.gone {
		if !now.Before(t) {
			delete(s.gone, u)
		}
	}
	s.gone[url] = until
}
