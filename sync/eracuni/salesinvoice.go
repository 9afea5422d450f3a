package eracuni

import (
	"context"
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
	result, err := a.call(ctx, MethodSalesInvoiceCreate, map[string]any{ParamSalesInvoice: inv.wire()})
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
