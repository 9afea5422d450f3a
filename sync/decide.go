package sync

import (
	"strconv"
	"strings"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// Reasons a person reads in the preview, the history and the CLI.
var (
	reasonStatus = message.Define("sync.reason.status",
		"Status {{.status}} is not selected for import")
	reasonFraud = message.Define("sync.reason.fraud",
		"Marked as fraud in WHMCS")
	reasonCancelled = message.Define("sync.reason.cancelled",
		"Cancelled in WHMCS")
	reasonNotPaid = message.Define("sync.reason.not_paid",
		"Not paid yet; looked at again on every run until {{.until}}")
	reasonPending = message.Define("sync.reason.pending",
		"Still pending in WHMCS; looked at again on every run until {{.until}}")
	reasonBeforeStart = message.Define("sync.reason.before_start",
		"Dated {{.date}}, before the import start date {{.since}}")
	reasonZero = message.Define("sync.reason.zero",
		"The order total is zero; there is nothing to invoice")
	reasonTooOld = message.Define("sync.reason.too_old",
		"Still not paid or pending after {{.days}} days, so it is no longer looked at; import it by hand if it is needed")
	reasonAlready = message.Define("sync.reason.already",
		"Already in e-računi as sales order {{.number}}")
	reasonWillCreate = message.Define("sync.reason.will_create",
		"A sales order will be created")
	reasonWillCreateInvoice = message.Define("sync.reason.will_create_invoice",
		"Paid: a sales order and its invoice will be created")
	reasonWillInvoice = message.Define("sync.reason.will_invoice",
		"Already in e-računi as sales order {{.number}}; paid now, so its invoice will be created")
	reasonCreated = message.Define("sync.reason.created",
		"Created as sales order {{.number}}")
	reasonCreatedInvoice = message.Define("sync.reason.created_invoice",
		"Created as sales order {{.number}} with invoice {{.invoice}}")
	reasonInvoiced = message.Define("sync.reason.invoiced",
		"Already in e-računi as sales order {{.number}}; invoice {{.invoice}} created now that it is paid")
	reasonWaitingInvoice = message.Define("sync.reason.waiting_invoice",
		"Already in e-računi as sales order {{.number}}; its invoice will be created once the order is paid")
)

const dateLayout = "2006-01-02"

// statusSelected applies the status option: no list means every status
// except Fraud and Cancelled, custom statuses included.
func statusSelected(status string, selected []string) bool {
	if len(selected) == 0 {
		return !strings.EqualFold(status, "Fraud") && !strings.EqualFold(status, "Cancelled")
	}
	for _, s := range selected {
		if strings.EqualFold(strings.TrimSpace(s), status) {
			return true
		}
	}
	return false
}

// decide applies the import options to one order and what the ledger knows
// of it. It makes no calls; lookups in e-računi and client details come later.
func decide(o whmcs.Order, e *store.Entry, s store.Settings, now time.Time) Decision {
	d := Decision{
		Kind:         store.KindOrder,
		OrderID:      o.ID,
		OrderNum:     o.OrderNum,
		Date:         o.Date.Format(dateLayout),
		Client:       o.ClientName,
		Amount:       o.Amount,
		Currency:     o.Currency(),
		clientID:     o.ClientID,
		order:        o,
		DocumentType: DocumentSalesOrder,
	}
	recheck := s.RecheckDays
	if recheck <= 0 {
		recheck = 60
	}
	until := o.Date.AddDate(0, 0, recheck)
	tooOld := now.After(until)
	untilText := until.Format(dateLayout)

	if e != nil && e.State == store.StateDone {
		d.Action = ActionAlready
		d.DocumentID, d.DocumentNumber, d.InvoiceNumber = e.DocumentID, e.DocumentNumber, e.InvoiceDocumentNumber
		d.Reason = reasonAlready.With("number", e.DocumentNumber)
		if s.InvoicePaid && e.InvoiceState != store.StateDone {
			switch {
			case o.Paid():
				d.Invoice = true
				d.invoicePending = e.InvoiceState == store.StatePending
				d.Reason = reasonWillInvoice.With("number", e.DocumentNumber)
			case !tooOld:
				d.waiting = true
				d.Reason = reasonWaitingInvoice.With("number", e.DocumentNumber)
			}
		}
		return d
	}
	// A create whose answer never came must be looked up before anything
	// else happens to the order, whatever WHMCS says about it now.
	d.pending = e != nil && e.State == store.StatePending

	skip := func(reason message.Message, waiting bool) Decision {
		d.Action, d.Reason = ActionSkip, reason
		if waiting && tooOld {
			d.Reason = reasonTooOld.With("days", strconv.Itoa(recheck))
			waiting = false
		}
		d.waiting = waiting
		return d
	}
	if !statusSelected(o.Status, s.Statuses) {
		switch {
		case strings.EqualFold(o.Status, "Fraud"):
			return skip(reasonFraud.With(), false)
		case strings.EqualFold(o.Status, "Cancelled"):
			return skip(reasonCancelled.With(), false)
		case strings.EqualFold(o.Status, "Pending"):
			return skip(reasonPending.With("until", untilText), true)
		default:
			return skip(reasonStatus.With("status", o.Status), false)
		}
	}
	if s.Since != "" && d.Date < s.Since {
		return skip(reasonBeforeStart.With("date", d.Date, "since", s.Since), false)
	}
	if !o.Amount.IsPositive() {
		return skip(reasonZero.With(), false)
	}
	if s.PaidOnly && !o.Paid() {
		return skip(reasonNotPaid.With("until", untilText), true)
	}
	d.Action = ActionCreate
	d.Invoice = s.InvoicePaid && o.Paid()
	d.Reason = reasonWillCreate.With()
	if d.Invoice {
		d.Reason = reasonWillCreateInvoice.With()
	}
	return d
}
