package eracunitest

import "time"

// admit records a request of username arriving now and reports whether it
// is within the limit. Every arrival counts, refused ones included: the
// real service counts requests sent, not requests served. Caller holds mu.
func (s *Server) admit(username string, now time.Time) bool {
	times := s.arrivals[username]
	inWindow := 0
	for i := len(times) - 1; i >= 0 && now.Sub(times[i]) < s.cfg.Window; i-- {
		inWindow++
	}
	s.arrivals[username] = append(times, now)
	if s.cfg.Limit > 0 && inWindow >= s.cfg.Limit {
		s.limited++
		return false
	}
	return true
}

// MaxInWindow is the largest number of requests one account sent within any
// span shorter than Window, refused ones included. A client that paces
// itself correctly keeps it at or below Limit.
func (s *Server) MaxInWindow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	most := 0
	for _, times := range s.arrivals {
		i := 0
		for j := range times {
			for times[j].Sub(times[i]) >= s.cfg.Window {
				i++
			}
			most = max(most, j-i+1)
		}
	}
	return most
}

// RateLimited counts the requests refused with "Too Many Requests" because
// of the limit (faults not included).
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}
