package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/sitrep/sitrep/incident"
)

// incidentList is the answer to GET /api/incidents.
type incidentList struct {
	Incidents []*incident.View `json:"incidents"`
}

// incidents returns the store as one that keeps incidents.
func (s *Server) incidents() (incident.Lister, error) {
	l, ok := s.Store.(incident.Lister)
	if !ok {
		return nil, errors.New("this store keeps no incidents")
	}
	return l, nil
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, append(eventParams, "sort", "min_sources", "contested", "limit")...)
	if err != nil {
		return err
	}
	f := incident.Filter{}
	if f.Events, err = eventFilter(q); err != nil {
		return err
	}
	f.Events.Sort = q.Get("sort")
	if err := f.Events.Validate(); err != nil {
		return badRequest{err}
	}
	if v := q.Get("min_sources"); v != "" {
		if f.MinSources, err = strconv.Atoi(v); err != nil || f.MinSources < 0 {
			return badf("min_sources %q: want a number of sources", v)
		}
	}
	switch q.Get("contested") {
	case "", "false":
	case "true":
		f.Contested = true
	default:
		return badf("contested %q: want true or false", q.Get("contested"))
	}
	if f.Limit, err = limit(q, defaultLimit, maxLimit); err != nil {
		return err
	}
	l, err := s.incidents()
	if err != nil {
		return err
	}
	vs, err := incident.List(r.Context(), l, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, incidentList{Incidents: vs})
	return nil
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	l, err := s.incidents()
	if err != nil {
		return err
	}
	v, err := incident.Load(r.Context(), l, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
