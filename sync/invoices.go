package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// The second source: WHMCS invoices that belong to no order — automatic
// renewals of hosting and domains, invoices typed in by hand — imported as
// sales invoices (or, if the user chooses, sales orders), with the same
// ledger, look-up and history as orders. Invoices made at checkout belong
// to their order and are never imported on their own.

// Reasons for invoices a person reads in the preview, the history and the CLI.
var (
	reasonInvoiceOfOrder = message.Define("sync.reason.invoice.of_order",
		"Belongs to WHMCS order {{.order}}; the order import takes care of it")
	reasonInvoiceDraft = message.Define("sync.reason.invoice.draft",
		"A draft in WHMCS, not issued yet; looked at again on every run until {{.until}}")
	reasonInvoiceRefunded = message.Define("sync.reason.invoice.refunded",
		"Refunded in WHMCS before it was imported; there is nothing to import")
	reasonInvoiceStatus = message.Define("sync.reason.invoice.status",
		"Status {{.status}} is not imported")
	reasonInvoiceZero = message.Define("sync.reason.invoice.zero",
		"The invoice total is zero; there is nothing to import")
	reasonInvoiceAddFunds = message.Define("sync.reason.invoice.add_funds",
		"An add-funds invoice: a deposit to the client's credit, not a sale. Turn on importing add-funds invoices to import it")
	reasonInvoiceMassPayment = message.Define("sync.reason.invoice.mass_payment",
		"A mass payment of invoices {{.invoices}}: they are imported on their own, so importing this one would count them twice")
	reasonInvoiceWillCreate = message.Define("sync.reason.invoice.will_create",
		"A sales invoice will be created")
	reasonInvoiceCreated = message.Define("sync.reason.invoice.created",
		"Created as sales invoice {{.number}}")
	reasonInvoiceAlready = message.Define("sync.reason.invoice.already",
		"Already in e-računi as sales invoice {{.number}}")
	reasonInvoiceMismatch = message.Define("sync.reason.invoice.total_mismatch",
		"Not imported: the e-računi total would be {{.ours}}, but WHMCS says {{.whmcs}}; check the invoice in WHMCS and enter it in e-računi by hand")
	msgInvoiceUnreadable = message.Define("sync.fail.invoice",
		"The items of WHMCS invoice {{.invoice}} could not be read, so its document cannot be made")

	flagTotalMismatch = message.Define("sync.flag.total_mismatch",
		"The e-računi total would be {{.ours}}, but WHMCS says {{.whmcs}} (a difference of {{.diff}})")
	flagOrderTotal = message.Define("sync.flag.order_total",
		"The e-računi total would be {{.ours}}, but WHMCS invoice {{.invoice}} for this order says {{.whmcs}}; check the sales order's VAT and amounts")
	flagCreditNote = message.Define("sync.flag.credit_note",
		"Refunded in WHMCS after it was imported as {{.document}}: issue a credit note (dobropis) in e-računi by hand; the app changes nothing there")
	flagCancellation = message.Define("sync.flag.cancellation",
		"Cancelled in WHMCS after it was imported as {{.document}}: cancel or credit it in e-računi by hand; the app changes nothing there")
)

// invoiceSince is the start date of the invoice import: its own, or the
// orders' when it has none.
func invoiceSince(s store.Settings) string {
	if v := strings.TrimSpace(s.Invoices.Since); v != "" {
		return v
	}
	return s.Since
}

// invoiceDocumentType is what an invoice becomes in e-računi.
func invoiceDocumentType(s store.Settings) DocumentType {
	if s.Invoices.AsSalesOrders {
		return DocumentSalesOrder
	}
	return DocumentSalesInvoice
}

const invoiceCursorMark = "invoices-cursor"

func invoiceFingerprint(s store.Settings) string {
	i := s.Invoices
	parts := []string{invoiceSince(s), strconv.FormatBool(i.AsSalesOrders), strconv.FormatBool(i.IncludeUnpaid),
		strconv.FormatBool(i.IncludeAddFunds), strconv.Itoa(s.RecheckDays)}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:8])
}

// loadInvoiceCursor reads the invoice scan's cursor. fresh is true when no
// invoice scan ever finished with this data folder (a new or deleted file):
// then nothing is known about which kind of document earlier imports made.
func (e *Engine) loadInvoiceCursor(s store.Settings) (c cursor, fresh bool, err error) {
	c, existed, err := e.loadMark(invoiceCursorMark, invoiceFingerprint(s))
	return c, !existed, err
}

func (e *Engine) saveInvoiceCursor(s store.Settings, newest int64, old cursor) error {
	return e.saveMark(invoiceCursorMark, invoiceFingerprint(s), newest, old)
}

// owner is the order an invoice was made for.
type owner struct {
	orderID  int64
	orderNum string
}

// invoiceOwners maps each known order's WHMCS invoice to the order: from
// the orders this run read, then from the ledger for older ones. An invoice
// once found to belong to an order stays so, even when its order is older
// than anything read since.
func invoiceOwners(orders []Decision, ls *ledgers) map[int64]owner {
	m := map[int64]owner{}
	for _, en := range ls.invoice.entries {
		if en.WHMCSOrderID != 0 {
			num := strconv.FormatInt(en.WHMCSOrderID, 10)
			if oe, ok := ls.order.entries[en.WHMCSOrderID]; ok && oe.Number != "" {
				num = oe.Number
			}
			m[en.ID] = owner{en.WHMCSOrderID, num}
		}
	}
	for _, en := range ls.order.entries {
		if en.WHMCSInvoiceID != 0 {
			m[en.WHMCSInvoiceID] = owner{en.ID, en.Number}
		}
	}
	for _, d := range orders {
		if !d.IsInvoice() && d.order.InvoiceID != 0 {
			m[d.order.InvoiceID] = owner{d.OrderID, d.OrderNum}
		}
	}
	return m
}

// decideInvoice applies the invoice options to one WHMCS invoice and what
// the ledger knows of it. It makes no calls: the items (add funds, mass
// payments, the document) are read later, only for invoices to create.
func decideInvoice(inv whmcs.InvoiceSummary, e *store.Entry, own owner, s store.Settings, now time.Time) Decision {
	d := Decision{
		Kind:         store.KindInvoice,
		OrderID:      inv.ID,
		OrderNum:     inv.Label(),
		Date:         inv.Date.Format(dateLayout),
		Client:       inv.ClientName(),
		Amount:       inv.Total,
		Currency:     invoiceCurrency(inv),
		DocumentType: invoiceDocumentType(s),
		clientID:     inv.ClientID,
		summary:      inv,
	}
	recheck := s.RecheckDays
	if recheck <= 0 {
		recheck = 60
	}
	until := inv.Date.AddDate(0, 0, recheck)
	tooOld := now.After(until)
	untilText := until.Format(dateLayout)

	if e != nil && e.State == store.StateDone {
		d.Action = ActionAlready
		d.DocumentID, d.DocumentNumber = e.DocumentID, e.DocumentNumber
		if e.DocumentType != "" {
			d.DocumentType = documentTypeOf(*e)
		}
		d.Reason = alreadyReason(d.DocumentType, e.DocumentNumber)
		return d
	}
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
	if own.orderID != 0 {
		d.ownerOrder = own.orderID
		return skip(reasonInvoiceOfOrder.With("order", own.orderNum), false)
	}
	if since := invoiceSince(s); since != "" && d.Date < since {
		return skip(reasonBeforeStart.With("date", d.Date, "since", since), false)
	}
	switch st := inv.Status; {
	case strings.EqualFold(st, "Paid"):
	case strings.EqualFold(st, "Unpaid"), strings.EqualFold(st, "Payment Pending"), strings.EqualFold(st, "Collections"):
		if !s.Invoices.IncludeUnpaid {
			return skip(reasonNotPaid.With("until", untilText), true)
		}
	case strings.EqualFold(st, "Draft"):
		return skip(reasonInvoiceDraft.With("until", untilText), true)
	case strings.EqualFold(st, "Cancelled"):
		return skip(reasonCancelled.With(), false)
	case strings.EqualFold(st, "Refunded"):
		return skip(reasonInvoiceRefunded.With(), false)
	default:
		return skip(reasonInvoiceStatus.With("status", st), false)
	}
	if !inv.Subtotal.Add(inv.Tax).Add(inv.Tax2).IsPositive() {
		return skip(reasonInvoiceZero.With(), false)
	}
	d.Action = ActionCreate
	d.Reason = willCreateReason(d.DocumentType)
	return d
}

func invoiceCurrency(inv whmcs.InvoiceSummary) string {
	if c := strings.TrimSpace(inv.CurrencyCode); c != "" {
		return c
	}
	return whmcs.Order{CurrencyPrefix: inv.CurrencyPrefix, CurrencySuffix: inv.CurrencySuffix}.Currency()
}

func alreadyReason(t DocumentType, number string) message.Message {
	if t == DocumentSalesInvoice {
		return reasonInvoiceAlready.With("number", number)
	}
	return reasonAlready.With("number", number)
}

func willCreateReason(t DocumentType) message.Message {
	if t == DocumentSalesInvoice {
		return reasonInvoiceWillCreate.With()
	}
	return reasonWillCreate.With()
}

func createdReason(t DocumentType, number string) message.Message {
	if t == DocumentSalesInvoice {
		return reasonInvoiceCreated.With("number", number)
	}
	return reasonCreated.With("number", number)
}

// scanInvoices reads WHMCS invoices newest first and decides each one,
// stopping like the order scan: at the first invoice that is settled, older
// than every invoice still waiting and inside what the last complete scan
// covered. Invoices dated before the start date are not shown; reading
// stops at the first one more than a month before it, because WHMCS can
// date an invoice by its payment ("Set Invoice Date on Payment"), so dates
// do not quite follow the ids.
func (e *Engine) scanInvoices(ctx context.Context, s store.Settings, l *ledger, c cursor, owners map[int64]owner,
	now time.Time, progress func(Progress)) (scanResult, error) {
	var r scanResult
	since := invoiceSince(s)
	stop := ""
	if t, err := time.Parse(dateLayout, since); err == nil {
		stop = t.AddDate(0, 0, -invoiceDateSlackDays).Format(dateLayout)
	}
	for inv, err := range e.shop.Invoices(ctx, whmcs.InvoiceFilter{}) {
		if err != nil {
			return r, err
		}
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if inv.ID > r.newest {
			r.newest = inv.ID
		}
		en, had := l.entries[inv.ID]
		if had && c.Covered > 0 && inv.ID <= c.Covered && inv.ID < l.minWaiting && settled(en, s, now) {
			r.complete = true
			return r, nil
		}
		date := inv.Date.Format(dateLayout)
		if stop != "" && date < stop {
			r.complete = true
			return r, nil
		}
		if since != "" && date < since && !(had && (en.State == store.StatePending || en.State == store.StateDone)) {
			continue
		}
		var ep *store.Entry
		if had {
			ep = &en
		}
		r.decisions = append(r.decisions, decideInvoice(inv, ep, owners[inv.ID], s, now))
		report(progress, Progress{Phase: PhaseReading, Done: len(r.decisions), OrderNum: inv.Label(),
			Message: msgReadingInvoices.With("count", strconv.Itoa(len(r.decisions)))})
	}
	r.complete = true
	return r, nil
}

// invoiceDateSlackDays is how far before the start date the invoice scan
// still reads, for invoices dated by their payment.
const invoiceDateSlackDays = 31

// refundWatchDays is how long after its date an imported order or invoice
// is watched for a refund or cancellation in WHMCS.
const refundWatchDays = 365

// watchRefunds finds imported orders and invoices that WHMCS has since
// refunded or cancelled, and flags them: e-računi then needs a credit note
// or a cancellation, which a person makes — the app never changes a
// document it created. It reads the refunded and the cancelled invoices
// newest first, down to the oldest imported one still watched; with
// nothing imported it makes no call. Each is flagged once: the ledger
// remembers that it was said.
func (e *Engine) watchRefunds(ctx context.Context, ls *ledgers, p *Plan, now time.Time) error {
	cutoff := now.AddDate(0, 0, -refundWatchDays).Format(dateLayout)
	byInvoice := map[int64]store.Entry{} // imported orders, by their WHMCS invoice
	var minID int64
	watch := func(id int64, date string) {
		if date >= cutoff && (minID == 0 || id < minID) {
			minID = id
		}
	}
	for _, en := range ls.order.entries {
		if en.State == store.StateDone && en.WHMCSInvoiceID != 0 && en.Flag == "" {
			byInvoice[en.WHMCSInvoiceID] = en
			watch(en.WHMCSInvoiceID, en.Date)
		}
	}
	for _, en := range ls.invoice.entries {
		if en.State == store.StateDone && en.Flag == "" {
			watch(en.ID, en.Date)
		}
	}
	if minID == 0 {
		return nil
	}
	index := map[recordKey]int{}
	for i, d := range p.Decisions {
		index[d.key()] = i
	}
	for _, status := range []string{"Refunded", "Cancelled"} {
		for inv, err := range e.shop.Invoices(ctx, whmcs.InvoiceFilter{Status: status}) {
			if err != nil {
				return err
			}
			if inv.ID < minID || inv.Date.Format(dateLayout) < cutoff {
				break
			}
			var en store.Entry
			switch ie, ok := ls.invoice.entries[inv.ID]; {
			case ok && ie.State == store.StateDone && ie.Flag == "":
				en = ie
			default:
				oe, ok := byInvoice[inv.ID]
				if !ok {
					continue
				}
				en = oe
			}
			d := afterImport(en, inv)
			if i, ok := index[d.key()]; ok {
				p.Decisions[i].Flags = append(p.Decisions[i].Flags, d.Flags...)
				continue
			}
			index[d.key()] = len(p.Decisions)
			p.Decisions = append(p.Decisions, d)
		}
	}
	return nil
}

// afterImport is the decision for an imported order or invoice that WHMCS
// refunded or cancelled since: already in e-računi, flagged.
func afterImport(en store.Entry, inv whmcs.InvoiceSummary) Decision {
	d := Decision{
		Kind: en.Kind, OrderID: en.ID, OrderNum: en.Number, Date: en.Date, Client: inv.ClientName(),
		Amount: inv.Total, Currency: invoiceCurrency(inv), Action: ActionAlready,
		DocumentID: en.DocumentID, DocumentNumber: en.DocumentNumber, InvoiceNumber: en.InvoiceDocumentNumber,
		DocumentType: DocumentSalesOrder, summary: inv,
	}
	if en.Kind == store.KindInvoice {
		d.DocumentType = documentTypeOf(en)
	}
	d.Reason = alreadyReason(d.DocumentType, en.DocumentNumber)
	document := en.DocumentNumber
	if en.InvoiceDocumentNumber != "" {
		document += " / " + en.InvoiceDocumentNumber
	}
	if strings.EqualFold(inv.Status, "Refunded") {
		d.Flags = []Flag{{FlagCreditNote, flagCreditNote.With("document", document)}}
	} else {
		d.Flags = []Flag{{FlagCancellation, flagCancellation.With("document", document)}}
	}
	return d
}

// documentTypeOf tells what an imported invoice became, as the ledger
// remembers it.
func documentTypeOf(en store.Entry) DocumentType {
	if en.DocumentType == string(DocumentSalesOrder) {
		return DocumentSalesOrder
	}
	return DocumentSalesInvoice
}
