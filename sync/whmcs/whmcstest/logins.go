package whmcstest

// FailedLogins counts the failed logins from ip since its last ban (WHMCS
// bans on the third). Tests use it to prove that a client does not retry a
// refused login and so cannot get its owner banned.
func (s *Shop) FailedLogins(ip string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failures[ip]
}
