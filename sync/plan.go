package sync

import (
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// Action is what happens (or, in a preview, would happen) to one order.
type Action string

const (
	ActionCreate  Action = "create"  // a sales order is created in e-računi
	ActionSkip    Action = "skip"    // nothing is created, for the reason given
	ActionAlready Action = "already" // the order already has its document in e-računi
	ActionFail    Action = "fail"    // it should have been created but could not be
)

// Decision is the plan for one WHMCS order — or, with the invoice import on,
// one WHMCS invoice that belongs to no order — and, after a sync, its outcome.
type Decision struct {
	// Kind is store.KindOrder ("order"; also when empty) or store.KindInvoice
	// ("invoice"). For an invoice, OrderID is the invoice id and OrderNum its
	// number, or its id while WHMCS has not numbered it.
	Kind     string
	OrderID  int64
	OrderNum string
	Date     string // YYYY-MM-DD as WHMCS reports it
	Client   string
	Amount   decimal.Decimal
	Currency string
	Action   Action
	// Invoice is true when the invoice is (to be) created from the sales
	// order too: the order is paid and the option is on.
	Invoice bool
	Reason  message.Message
	// Document is the exact document that will be (or was) sent: a sales
	// order, or — for an invoice, unless it is imported as a sales order —
	// a sales invoice with the same fields (see DocumentType).
	Document     *eracuni.SalesOrder
	DocumentType DocumentType
	// Flags are what a person should look at by hand in e-računi.
	Flags []Flag
	// DocumentID and DocumentNumber name the e-računi sales order.
	DocumentID, DocumentNumber string
	InvoiceNumber              string
	Err                        error

	clientID       int64
	order          whmcs.Order          // what WHMCS said; used to build the document
	summary        whmcs.InvoiceSummary // for an invoice: its GetInvoices row
	ownerOrder     int64                // for an invoice of an order: that order's id
	waiting        bool                 // skipped for now; looked at again on later runs
	pending        bool                 // a create whose outcome was unknown; must be looked up first
	invoicePending bool
}

// DocumentType is what is created in e-računi for a decision.
type DocumentType string

const (
	DocumentSalesOrder   DocumentType = "sales_order"   // a sales order (naročilo); every WHMCS order
	DocumentSalesInvoice DocumentType = "sales_invoice" // a sales invoice (račun) of its own, for a WHMCS invoice
)

// FlagKind names what needs a look by hand; the words are stable for scripts.
type FlagKind string

const (
	// FlagTotalMismatch: the e-računi total would not equal WHMCS's to the cent.
	FlagTotalMismatch FlagKind = "total_mismatch"
	// FlagCreditNote: refunded in WHMCS after it was imported.
	FlagCreditNote FlagKind = "credit_note"
	// FlagCancellation: cancelled in WHMCS after it was imported.
	FlagCancellation FlagKind = "cancellation"
)

// Flag is one thing a person should check or do by hand in e-računi; the
// app never changes a document it created.
type Flag struct {
	Kind    FlagKind
	Message message.Message
}

// IsInvoice tells a decision about a WHMCS invoice from one about an order.
func (d Decision) IsInvoice() bool { return d.Kind == store.KindInvoice }

func (d Decision) kind() string {
	if d.Kind == "" {
		return store.KindOrder
	}
	return d.Kind
}

// recordKey names a WHMCS order or invoice: their ids are separate series.
type recordKey struct {
	kind string
	id   int64
}

func (d Decision) key() recordKey { return recordKey{d.kind(), d.OrderID} }

// Counts per action, as the history and the command line show them.
// Flagged counts the decisions with at least one flag.
type Counts struct {
	Created, Invoiced, Skipped, Already, Failed int
	Flagged                                     int
}

// Plan is the outcome of a preview (what would happen) or a sync (what did).
type Plan struct {
	RunID     string
	DryRun    bool
	Trigger   Trigger
	Started   time.Time
	Finished  time.Time
	Decisions []Decision
	Counts    Counts
	// Err is a problem with the run as a whole (a connection lost mid-run,
	// cancellation); the decisions made before it stand.
	Err error
	// Wrote is true once anything was created in e-računi during the run.
	Wrote bool
}

func (p *Plan) count() {
	p.Counts = Counts{}
	for _, d := range p.Decisions {
		switch d.Action {
		case ActionCreate:
			p.Counts.Created++
		case ActionSkip:
			p.Counts.Skipped++
		case ActionAlready:
			p.Counts.Already++
		case ActionFail:
			p.Counts.Failed++
		}
		if d.Invoice && (d.Action == ActionCreate || d.Action == ActionAlready) && (p.DryRun || d.InvoiceNumber != "") {
			p.Counts.Invoiced++
		}
		if len(d.Flags) > 0 {
			p.Counts.Flagged++
		}
	}
}
