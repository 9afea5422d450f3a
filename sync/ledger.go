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

// ledger is what the data file knows of past orders (or, for kind
// "invoice", of past WHMCS invoices), loaded once per run.
type ledger struct {
	kind    string
	entries map[int64]store.Entry
	// minWaiting is the oldest order id still waiting for something (payment,
	// a retry, a look-up); the scan reads at least down to it.
	minWaiting int64
}

// waitingReasons are the skip reasons that are looked at again.
var waitingReasons = map[string]bool{reasonNotPaid.Key: true, reasonPending.Key: true, reasonInvoiceDraft.Key: true}

// ledgers are the two ledgers of a run; invoice is nil while the invoice
// import is off.
type ledgers struct {
	order, invoice *ledger
}

func (ls *ledgers) of(kind string) *ledger {
	if kind == store.KindInvoice {
		return ls.invoice
	}
	return ls.order
}

func (e *Engine) loadLedger(kind string, s store.Settings, now time.Time) (*ledger, error) {
	l := &ledger{kind: kind, entries: map[int64]store.Entry{}, minWaiting: math.MaxInt64}
	err := e.db.Entries(kind, func(en store.Entry) bool {
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
		// An order may still wait for its invoice; an imported WHMCS
		// invoice waits for nothing.
		return en.Kind != store.KindInvoice && s.InvoicePaid && en.InvoiceState != store.StateDone &&
			!tooOldForRecheck(en.Date, s, now)
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
func (e *Engine) recordDecisions(ds []Decision, ls *ledgers) error {
	var out []store.Entry
	for _, d := range ds {
		l := ls.of(d.kind())
		if l == nil {
			continue
		}
		old, had := l.entries[d.OrderID]
		en := old
		en.Kind, en.ID, en.Number, en.Date = d.kind(), d.OrderID, d.OrderNum, d.Date
		d.link(&en)
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
	if err := e.db.PutEntries(out); err != nil {
		return err
	}
	// The creates that follow start from these entries (an order found in
	// e-računi whose invoice is still to be made, for one).
	for _, en := range out {
		ls.of(en.Kind).entries[en.ID] = en
	}
	return nil
}

func sameEntry(a, b store.Entry) bool {
	return a.State == b.State && a.Reason == b.Reason && a.DocumentID == b.DocumentID &&
		a.DocumentNumber == b.DocumentNumber && a.InvoiceState == b.InvoiceState &&
		a.InvoiceDocumentNumber == b.InvoiceDocumentNumber && a.LastError == b.LastError && a.Date == b.Date &&
		a.WHMCSInvoiceID == b.WHMCSInvoiceID && a.WHMCSOrderID == b.WHMCSOrderID && a.Flag == b.Flag &&
		a.Number == b.Number && a.DocumentType == b.DocumentType
}

// link copies onto a ledger entry what ties an order and its invoice
// together, and a refund or cancellation a person was told about.
func (d Decision) link(en *store.Entry) {
	if !d.IsInvoice() && d.order.ID != 0 {
		en.WHMCSInvoiceID = d.order.InvoiceID
	}
	if d.IsInvoice() && d.ownerOrder != 0 {
		en.WHMCSOrderID = d.ownerOrder
	}
	if d.IsInvoice() && (d.Action == ActionCreate || d.Action == ActionAlready) && d.DocumentType != "" {
		en.DocumentType = string(d.DocumentType)
	}
	for _, f := range d.Flags {
		if f.Kind == FlagCreditNote || f.Kind == FlagCancellation {
			en.Flag = string(f.Kind)
		}
	}
}

// cursor remembers how far back a complete sync has covered WHMCS, under
// the options that decided it. A change of those options reads everything
// again, so orders skipped under the old options get a fresh decision.
type cursor struct {
	Covered     int64  `json:"covered"`
	Fingerprint string `json:"fingerprint"`
}

const cursorMark = "orders-cursor"

// optionsFingerprint covers the options that decide orders. With the
// invoice import on, how far back orders are read depends on its start
// date too, and the first run with it on reads every order again, so the
// ledger learns each order's invoice.
func optionsFingerprint(s store.Settings) string {
	parts := []string{s.Since, strings.ToLower(strings.Join(s.Statuses, ",")), strconv.FormatBool(s.PaidOnly),
		strconv.FormatBool(s.InvoicePaid), strconv.Itoa(s.RecheckDays)}
	if s.Invoices.Enabled {
		parts = append(parts, "invoices", invoiceSince(s))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:8])
}

func (e *Engine) loadCursor(s store.Settings) (cursor, error) {
	c, _, err := e.loadMark(cursorMark, optionsFingerprint(s))
	return c, err
}

func (e *Engine) saveCursor(s store.Settings, newest int64, old cursor) error {
	return e.saveMark(cursorMark, optionsFingerprint(s), newest, old)
}

// loadMark reads a cursor; one saved under other options is no cursor.
// existed tells whether any cursor was ever saved under the name.
func (e *Engine) loadMark(name, fingerprint string) (c cursor, existed bool, err error) {
	raw, ok, err := e.db.Mark(name)
	if err != nil || !ok {
		return cursor{}, false, err
	}
	if json.Unmarshal([]byte(raw), &c) != nil || c.Fingerprint != fingerprint {
		return cursor{}, true, nil
	}
	return c, true, nil
}

func (e *Engine) saveMark(name, fingerprint string, newest int64, old cursor) error {
	if newest < old.Covered {
		newest = old.Covered
	}
	b, _ := json.Marshal(cursor{Covered: newest, Fingerprint: fingerprint})
	return e.db.SetMark(name, string(b))
}
