package eracuni

import (
	"context"
	"strings"
)

// CreateInvoiceFromOrder issues the sales invoice for a sales order
// (SalesOrderCreateInvoice). Like every create it is sent at most once; on
// KindOutcomeUnknown look the invoice up with SalesInvoices first.
func (a *API) CreateInvoiceFromOrder(ctx context.Context, salesOrderID string) (Document, error) {
	salesOrderID = strings.TrimSpace(salesOrderID)
	if salesOrderID == "" {
		return Document{}, configError(msgOrderIDMissing.With())
	}
	result, err := a.call(ctx, MethodSalesOrderCreateInvoice, map[string]any{ParamDocumentID: salesOrderID})
	if err != nil {
		return Document{}, err
	}
	return a.document(MethodSalesOrderCreateInvoice, result)
}

// SalesInvoices lists, in one call, every sales invoice dated from..to
// (YYYY-MM-DD, both included); Reference is the reference of the order the
// invoice was made from.
func (a *API) SalesInvoices(ctx context.Context, from, to string) ([]Listed, error) {
	return a.list(ctx, MethodSalesInvoiceList, from, to, InvoiceOrderReference)
}
