package sync

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
)

// runRecord is how a plan is kept in the history.
func runRecord(p *Plan) store.Run {
	r := store.Run{
		ID: p.RunID, Started: p.Started, Finished: p.Finished, Trigger: string(p.Trigger), DryRun: p.DryRun,
		Created: p.Counts.Created, Invoiced: p.Counts.Invoiced, Skipped: p.Counts.Skipped,
		Already: p.Counts.Already, Failed: p.Counts.Failed, Flagged: p.Counts.Flagged,
	}
	if p.Err != nil {
		r.Error = explainError(p.Err).String()
	}
	r.Orders = make([]store.RunOrder, 0, len(p.Decisions))
	for _, d := range p.Decisions {
		r.Orders = append(r.Orders, RunOrder(d))
	}
	return r
}

// RunOrder is one decision as the history and the command line show it.
func RunOrder(d Decision) store.RunOrder {
	o := store.RunOrder{
		Kind: d.kind(), ID: d.OrderID, OrderNum: d.OrderNum, Date: d.Date, Client: d.Client,
		Amount: d.Amount.StringFixed(2), Currency: d.Currency, Action: string(d.Action),
		DocumentID: d.DocumentID, DocumentNumber: d.DocumentNumber, InvoiceNumber: d.InvoiceNumber,
	}
	for _, f := range d.Flags {
		o.Flags = append(o.Flags, store.RunFlag{Kind: string(f.Kind), Text: f.Message.String(), Why: runText(f.Message)})
	}
	if d.Action == ActionFail {
		m := explainError(d.Err)
		o.Error, o.Why = m.String(), runText(m)
	} else {
		o.Reason, o.Why = d.Reason.String(), runText(d.Reason)
		if d.Err != nil {
			m := explainError(d.Err)
			o.Error, o.Why = m.String(), runText(m)
		}
	}
	return o
}

func runText(m message.Message) *store.RunText {
	if m.Key == "" {
		return nil
	}
	return &store.RunText{Key: m.Key, Args: m.Args}
}

var csvHeader = []string{"run_id", "whmcs_order_id", "ordernum", "date", "client", "amount", "currency",
	"action", "reason", "document_id", "document_number", "invoice_number", "error", "kind", "flags"}

// WriteCSV exports one run, one order per row. Text that a spreadsheet
// would run as a formula is quoted so a client's name cannot run one.
func WriteCSV(w io.Writer, r store.Run) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, o := range r.Orders {
		var flags []string
		for _, f := range o.Flags {
			flags = append(flags, f.Text)
		}
		kind := o.Kind
		if kind == "" {
			kind = store.KindOrder
		}
		row := []string{r.ID, strconv.FormatInt(o.ID, 10), o.OrderNum, o.Date, safeCell(o.Client), o.Amount,
			o.Currency, o.Action, safeCell(o.Reason), o.DocumentID, o.DocumentNumber, o.InvoiceNumber, safeCell(o.Error),
			kind, safeCell(strings.Join(flags, "; "))}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
