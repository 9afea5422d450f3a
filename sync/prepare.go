package sync

import (
	"context"
	"strings"
	gosync "sync"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// prepare reads what the documents need — client details once per client,
// and the items of each WHMCS invoice to import — a few at a time, and
// builds the exact document for every create. A client or invoice that
// cannot be read fails its decision; a missing permission or a refused
// login stops the run, since every one would fail the same way.
//
// sums are the WHMCS invoices the invoice scan read (nil while the invoice
// import is off): an order whose invoice is among them has its document's
// total checked against that invoice.
func (e *Engine) prepare(ctx context.Context, s store.Settings, ds []Decision, sums map[int64]whmcs.InvoiceSummary, progress func(Progress)) error {
	clientIDs, invoiceIDs := map[int64]bool{}, map[int64]bool{}
	for _, d := range ds {
		if d.Action == ActionCreate {
			clientIDs[d.clientID] = true
			if d.IsInvoice() {
				invoiceIDs[d.OrderID] = true
			}
		}
	}
	if len(clientIDs) == 0 {
		return nil
	}
	report(progress, Progress{Phase: PhaseChecking, Message: msgClients.With()})
	clients, invoices, err := e.read(ctx, clientIDs, invoiceIDs)
	if err != nil {
		return err
	}
	for i := range ds {
		d := &ds[i]
		if d.Action != ActionCreate {
			continue
		}
		if d.IsInvoice() {
			e.prepareInvoice(s, d, clients[d.clientID], invoices[d.OrderID])
			continue
		}
		r := clients[d.clientID]
		if r.err != nil {
			d.Action, d.Err = ActionFail, &orderError{msg: msgClientUnreadable.With("order", d.OrderNum), err: r.err}
			d.Reason = explainError(d.Err)
			continue
		}
		so := buildSalesOrder(orderFor(d), r.c, s)
		d.Document = &so
		if name := r.c.Name(); name != "" {
			d.Client = name
		}
		if sum, ok := sums[d.order.InvoiceID]; ok && d.order.InvoiceID != 0 {
			if ours := documentTotal(so.Items); !ours.Equal(sum.Total) {
				d.Flags = append(d.Flags, Flag{FlagTotalMismatch, flagOrderTotal.With("ours", money(ours, d.Currency),
					"invoice", sum.Label(), "whmcs", money(sum.Total, d.Currency))})
			}
		}
	}
	return nil
}

// prepareInvoice builds the document of one WHMCS invoice, or says why
// there is none: an add-funds deposit, a mass payment, or a total that
// would not match WHMCS's to the cent (flagged, and left for a person).
func (e *Engine) prepareInvoice(s store.Settings, d *Decision, c clientRead, inv invoiceRead) {
	if inv.err != nil {
		d.Action, d.Err = ActionFail, &orderError{msg: msgInvoiceUnreadable.With("invoice", d.OrderNum), err: inv.err}
		d.Reason = explainError(d.Err)
		return
	}
	addFunds, massPaid := invoiceKind(inv.inv)
	switch {
	case len(massPaid) > 0:
		d.Action, d.Reason = ActionSkip, reasonInvoiceMassPayment.With("invoices", strings.Join(massPaid, ", "))
		return
	case addFunds && !s.Invoices.IncludeAddFunds:
		d.Action, d.Reason = ActionSkip, reasonInvoiceAddFunds.With()
		return
	}
	if c.err != nil {
		d.Action, d.Err = ActionFail, &orderError{msg: msgClientUnreadableInvoice.With("invoice", d.OrderNum), err: c.err}
		d.Reason = explainError(d.Err)
		return
	}
	doc := buildInvoiceDocument(inv.inv, d.summary, c.c, s)
	if name := c.c.Name(); name != "" {
		d.Client = name
	}
	d.Amount = inv.inv.Total
	if ours := documentTotal(doc.Items); !ours.Equal(inv.inv.Total) {
		// A wrong invoice in the books needs a credit note to undo: better
		// not to send it at all, and say why.
		d.Action = ActionSkip
		d.Reason = reasonInvoiceMismatch.With("ours", money(ours, d.Currency), "whmcs", money(inv.inv.Total, d.Currency))
		d.Flags = append(d.Flags, Flag{FlagTotalMismatch, flagTotalMismatch.With("ours", money(ours, d.Currency),
			"whmcs", money(inv.inv.Total, d.Currency), "diff", money(ours.Sub(inv.inv.Total), d.Currency))})
		d.Document = &doc // shown, so a person sees where the difference comes from
		return
	}
	d.Document = &doc
}

type clientRead struct {
	c   whmcs.Client
	err error
}

type invoiceRead struct {
	inv whmcs.Invoice
	err error
}

// read fetches clients and invoices with bounded concurrency. An error that
// would fail every read alike (login, permission) is returned on its own.
func (e *Engine) read(ctx context.Context, clientIDs, invoiceIDs map[int64]bool) (map[int64]clientRead, map[int64]invoiceRead, error) {
	var (
		mu       gosync.Mutex
		clients  = make(map[int64]clientRead, len(clientIDs))
		invoices = make(map[int64]invoiceRead, len(invoiceIDs))
		wg       gosync.WaitGroup
		sem      = make(chan struct{}, e.concurrency)
	)
	run := func(fn func() error, store func(error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				mu.Lock()
				store(ctx.Err())
				mu.Unlock()
				return
			}
			defer func() { <-sem }()
			err := fn()
			mu.Lock()
			store(err)
			mu.Unlock()
		}()
	}
	for id := range clientIDs {
		var c whmcs.Client
		run(func() (err error) { c, err = e.shop.Client(ctx, id); return err },
			func(err error) { clients[id] = clientRead{c, err} })
	}
	for id := range invoiceIDs {
		var inv whmcs.Invoice
		run(func() (err error) { inv, err = e.shop.Invoice(ctx, id); return err },
			func(err error) { invoices[id] = invoiceRead{inv, err} })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for _, r := range clients {
		if r.err != nil && stopsRun(r.err) {
			return nil, nil, r.err
		}
	}
	for _, r := range invoices {
		if r.err != nil && stopsRun(r.err) {
			return nil, nil, r.err
		}
	}
	return clients, invoices, nil
}

var (
	msgClientUnreadable = message.Define("sync.fail.client",
		"The client of order {{.order}} could not be read from WHMCS, so its buyer is unknown")
	msgClientUnreadableInvoice = message.Define("sync.fail.invoice_client",
		"The client of WHMCS invoice {{.invoice}} could not be read from WHMCS, so its buyer is unknown")
)

// orderFor keeps the order each decision came from, for building its document.
func orderFor(d *Decision) whmcs.Order { return d.order }

// stopsRun tells the errors that would fail every order alike.
func stopsRun(err error) bool {
	for _, k := range []whmcs.Kind{whmcs.KindAuth, whmcs.KindPermission, whmcs.KindIPBanned, whmcs.KindIPNotAllowed} {
		if whmcs.IsKind(err, k) {
			return true
		}
	}
	return false
}
