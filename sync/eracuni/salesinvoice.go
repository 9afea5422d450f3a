package eracuni

import (
	"context"
	"encoding/json"
	"time"
)

// SalesInvoice is a sales invoice the sync issues itself, for a WHMCS
// invoice that belongs to no order (a renewal). It carries the same fields
// as a sales order; Reference holds the WHMCS invoice, and SalesInvoices
// finds it again by it.
type SalesInvoice SalesOrder

// CreateSalesInvoice issues one sales invoice (SalesInvoiceCreate). Like
// every create it is sent at most once: when the answer is lost the error
// is KindOutcomeUnknown, and the invoice must be looked up with
// SalesInvoices before it is sent again.
func (a *API) CreateSalesInvoice(ctx context.Context, inv SalesInvoice) (Document, error) {
	result, err := a.create(ctx, MethodSalesInvoiceCreate, map[string]any{ParamSalesInvoice: inv.wire()})
	if err != nil {
		return Document{}, err
	}
	return a.document(MethodSalesInvoiceCreate, result)
}

// PingSalesInvoices proves the right to read sales invoices with the
// cheapest call that needs it: today's sales invoices.
func (a *API) PingSalesInvoices(ctx context.Context) error {
	today := a.now().Format(time.DateOnly)
	_, err := a.SalesInvoices(ctx, today, today)
	return err
}

func (inv SalesInvoice) wire() map[string]any {
	m := SalesOrder(inv).wire()
	delete(m, FieldReference)
	if inv.Reference != "" {
		m[FieldInvoiceReference] = inv.Reference
	}
	return m
}

// create is call for a method that makes a document: once it may have
// reached e-računi it is never repeated, and a lost answer is
// KindOutcomeUnknown. call decides that from isCreate, which does not know
// SalesInvoiceCreate yet; this marks the call as a create whatever isCreate
// says, so the guarantee does not hang on that list.
func (a *API) create(ctx context.Context, method string, params map[string]any) (json.RawMessage, error) {
	body, err := a.requestBody(method, params)
	if err != nil {
		return nil, err
	}
	c := a.info(method)
	c.create = true
	for attempt := 1; ; attempt++ {
		if err := a.limiter.Wait(ctx); err != nil {
			return nil, a.stopped(ctx, method, err)
		}
		result, e := a.attempt(ctx, c, body)
		if e == nil {
			return result, nil
		}
		if !retryable(e) || attempt >= a.retry.Attempts || ctx.Err() != nil {
			return nil, afterAttempts(e, attempt)
		}
		if sleep(ctx, a.retry.delay(attempt)) != nil {
			return nil, afterAttempts(e, attempt)
		}
	}
}
