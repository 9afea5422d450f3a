package sync

import (
	"time"

	"github.com/shopspring/decimal"

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

// Decision is the plan for one WHMCS order and, after a sync, its outcome.
type Decision struct {
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
	// Document is the exact sales order that will be (or was) sent.
	Document *eracuni.SalesOrder
	// DocumentID and DocumentNumber name the e-računi sales order.
	DocumentID, DocumentNumber string
	InvoiceNumber              string
	Err                        error

	clientID       int64
	order          whmcs.Order // what WHMCS said; used to build the document
	waiting        bool        // skipped for now; looked at again on later runs
	pending        bool        // a create whose outcome was unknown; must be looked up first
	invoicePending bool
}

// Counts per action, as the history and the command line show them.
type Counts struct {
	Created, Invoiced, Skipped, Already, Failed int
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
	}
}
