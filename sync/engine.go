// Package sync is the engine: it decides, for every WHMCS order, what should
// happen in e-računi, shows that as a plan, then does it — each order exactly
// once, across crashes, reinstalls and network faults — and records every run.
// The GUI and the command line both drive it; it reports progress through a
// callback and imports no Fyne.
package sync

import (
	"context"
	"iter"
	"sync/atomic"
	"time"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// Shop is the part of WHMCS the engine reads; *whmcs.API satisfies it.
// Invoices and Invoice are called only when the invoice import is on.
type Shop interface {
	Orders(ctx context.Context, f whmcs.OrderFilter) iter.Seq2[whmcs.Order, error]
	Client(ctx context.Context, id int64) (whmcs.Client, error)
	Invoices(ctx context.Context, f whmcs.InvoiceFilter) iter.Seq2[whmcs.InvoiceSummary, error]
	Invoice(ctx context.Context, id int64) (whmcs.Invoice, error)
}

// Books is the part of e-računi the engine reads and writes; *eracuni.API
// satisfies it.
type Books interface {
	CreateSalesOrder(ctx context.Context, o eracuni.SalesOrder) (eracuni.Document, error)
	SalesOrders(ctx context.Context, from, to string) ([]eracuni.Listed, error)
	CreateInvoiceFromOrder(ctx context.Context, salesOrderID string) (eracuni.Document, error)
	SalesInvoices(ctx context.Context, from, to string) ([]eracuni.Listed, error)
	CreateSalesInvoice(ctx context.Context, inv eracuni.SalesInvoice) (eracuni.Document, error)
}

// Trigger says who started a run; it is kept in the history.
type Trigger string

const (
	TriggerManual    Trigger = "manual"
	TriggerScheduled Trigger = "scheduled"
	TriggerCLI       Trigger = "cli"
)

// Config wires an Engine.
type Config struct {
	DB    *store.DB
	Shop  Shop
	Books Books
	// Now is the clock; tests inject one. Defaults to time.Now.
	Now func() time.Time
	// Concurrency bounds parallel WHMCS reads (client details). Default 4.
	Concurrency int
}

// Engine runs previews and syncs. One run at a time per Engine; across
// processes the data folder's lock keeps runs apart.
type Engine struct {
	db          *store.DB
	shop        Shop
	books       Books
	now         func() time.Time
	concurrency int
	running     atomic.Bool
}

// New returns an Engine for the given parts.
func New(c Config) *Engine {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	return &Engine{db: c.DB, shop: c.Shop, books: c.Books, now: c.Now, concurrency: c.Concurrency}
}

// Progress is what a running preview or sync reports to the screen.
type Progress struct {
	Phase    Phase
	Done     int // orders handled so far in this phase
	Total    int // orders in this phase; 0 while still reading
	OrderNum string
	Message  message.Message
}

// Phase of a run.
type Phase string

const (
	PhaseReading  Phase = "reading"
	PhaseChecking Phase = "checking"
	PhaseCreating Phase = "creating"
	PhaseDone     Phase = "done"
)

var (
	msgBusy = message.Define("sync.busy",
		"A sync is already running. Wait for it to finish (or cancel it) before starting another.")
	msgReading              = message.Define("sync.progress.reading", "Reading orders from WHMCS: {{.count}} so far")
	msgChecking             = message.Define("sync.progress.checking", "Checking which orders are already in e-računi")
	msgClients              = message.Define("sync.progress.clients", "Reading client details from WHMCS")
	msgCreating             = message.Define("sync.progress.creating", "Creating the sales order for WHMCS order {{.order}} ({{.client}})")
	msgCreatingSalesInvoice = message.Define("sync.progress.creating_sales_invoice",
		"Creating the sales invoice for WHMCS invoice {{.invoice}} ({{.client}})")
	msgCreatingOrderForInvoice = message.Define("sync.progress.creating_order_for_invoice",
		"Creating the sales order for WHMCS invoice {{.invoice}} ({{.client}})")
	msgReadingInvoices = message.Define("sync.progress.reading_invoices", "Reading invoices from WHMCS: {{.count}} so far")
	msgDone            = message.Define("sync.progress.done", "Done")
)

// BusyError is returned when a run is started while another one runs.
type BusyError struct{}

func (BusyError) Error() string            { return msgBusy.With().String() }
func (BusyError) Explain() message.Message { return msgBusy.With() }

func (e *Engine) acquire() error {
	if !e.running.CompareAndSwap(false, true) {
		return BusyError{}
	}
	return nil
}

func (e *Engine) release() { e.running.Store(false) }

func report(fn func(Progress), p Progress) {
	if fn != nil {
		fn(p)
	}
}
