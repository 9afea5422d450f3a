package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"whmcs-eracuni/store"
)

// ledger is what the data file knows of past orders, loaded once per run.
type ledger struct {
	entries map[int64]store.Entry
	// minWaiting is the oldest order id still waiting for something (payment,
	// a retry, a look-up); the scan reads at least down to it.
	minWaiting int64
}

// waitingReasons are the skip reasons that are looked at again.
var waitingReasons = map[string]bool{reasonNotPaid.Key: true, reasonPending.Key: true}

func (e *Engine) loadLedger(s store.Settings, now time.Time) (*ledger, error) {
	l := &ledger{entries: map[int64]store.Entry{}, minWaiting: math.MaxInt64}
	err := e.db.Entries(ledgerKind, func(en store.Entry) bool {
		l.entries[en.ID] = en
		if waitingEntry(en, s, now) && en.ID < l.minWaiting {
			l.minWaiting = en.ID
		}
		return true
	})
	return l, err
}

func waitingEntry(en store.Entry, s store.Settings, now time.Time) bool {
	switch en.State {
	case store.StatePending, store.StateFailed:
		return true
	case store.StateSkipped:
		return waitingReasons[en.Reason] && !tooOldForRecheck(en.Date, s, now)
	case store.StateDone:
		return s.InvoicePaid && en.InvoiceState != store.StateDone && !tooOldForRecheck(en.Date, s, now)
	}
	return false
}

func tooOldForRecheck(date string, s store.Settings, now time.Time) bool {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return false
	}
	days := s.RecheckDays
	if days <= 0 {
		days = 60
	}
	return now.After(d.AddDate(0, 0, days))
}

// settled entries need nothing more; an incremental scan may stop at them.
func settled(en store.Entry, s store.Settings, now time.Time) bool {
	return !waitingEntry(en, s, now)
}

// recordDecisions writes what was decided without calling e-računi — skips,
// orders found in e-računi, orders that cannot be prepared — in one
// transaction, before any create, and only where the ledger changes.
func (e *Engine) recordDecisions(ds []Decision, l *ledger) error {
	var out []store.Entry
	for _, d := range ds {
		old, had := l.entries[d.OrderID]
		en := old
		en.Kind, en.ID, en.Number, en.Date = ledgerKind, d.OrderID, d.OrderNum, d.Date
		switch d.Action {
		case ActionSkip:
			if had && old.State == store.StateDone {
				continue
			}
			en.State, en.Reason = store.StateSkipped, d.Reason.Key
		case ActionAlready:
			en.State, en.Reason = store.StateDone, ""
			en.DocumentID, en.DocumentNumber = d.DocumentID, d.DocumentNumber
			if d.InvoiceNumber != "" && en.InvoiceState != store.StateDone {
				en.InvoiceState, en.InvoiceDocumentNumber = store.StateDone, d.InvoiceNumber
			}
		case ActionFail:
			if had && old.State == store.StatePending {
				continue // the unknown outcome stays pending until it is looked up
			}
			en.State, en.LastError = store.StateFailed, explainError(d.Err).String()
		default:
			continue
		}
		if had && sameEntry(old, en) {
			continue
		}
		out = append(out, en)
	}
	if len(out) == 0 {
		return nil
	}
	return e.db.PutEntries(out)
}

func sameEntry(a, b store.Entry) bool {
	return a.State == b.State && a.Reason == b.Reason && a.DocumentID == b.DocumentID &&
		a.DocumentNumber == b.DocumentNumber && a.InvoiceState == b.InvoiceState &&
		a.InvoiceDocumentNumber == b.InvoiceDocumentNumber && a.LastError == b.LastError && a.Date == b.Date
}

// cursor remembers how far back a complete sync has covered WHMCS, under
// the options that decided it. A change of those options reads everything
// again, so orders skipped under the old options get a fresh decision.
type cursor struct {
	Covered     int64  `json:"covered"`
	Fingerprint string `json:"fingerprint"`
}

const cursorMark = "orders-cursor"

func optionsFingerprint(s store.Settings) string {
	parts := []string{s.Since, strings.ToLower(strings.Join(s.Statuses, ",")), strconv.FormatBool(s.PaidOnly),
		strconv.FormatBool(s.InvoicePaid), strconv.Itoa(s.RecheckDays)}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:8])
}

func (e *Engine) loadCursor(s store.Settings) (cursor, error) {
	raw, ok, err := e.db.Mark(cursorMark)
	if err != nil || !ok {
		return cursor{}, err
	}
	var c cursor
	if json.Unmarshal([]byte(raw), &c) != nil || c.Fingerprint != optionsFingerprint(s) {
		return cursor{}, nil
	}
	return c, nil
}

func (e *Engine) saveCursor(s store.Settings, newest int64, old cursor) error {
	if newest < old.Covered {
		newest = old.Covered
	}
	b, _ := json.Marshal(cursor{Covered: newest, Fingerprint: optionsFingerprint(s)})
	return e.db.SetMark(cursorMark, string(b))
}
