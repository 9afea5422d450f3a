package eracuni_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestCreateSalesInvoiceIsFoundByItsReference(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	inv := eracuni.SalesInvoice(sampleOrder("WHMCS invoice 2026-0042 (id 1187)", "2026-03-02"))
	inv.Warehouse, inv.CostCentre, inv.DocumentLanguage = "01", "WEB", "Slovene"
	inv.Items = append(inv.Items, eracuni.Item{Description: "Client credit applied", Quantity: dec("1"), Unit: "kos",
		Price: dec("-5.00"), VATRate: dec("0")})
	doc, err := a.CreateSalesInvoice(context.Background(), inv)
	if err != nil {
		t.Fatalf("CreateSalesInvoice: %v", err)
	}
	stored := srv.SalesInvoicesByReference(inv.Reference)
	if len(stored) != 1 || stored[0].Kind != eracunitest.KindSalesInvoice || stored[0].DocumentID != doc.DocumentID || stored[0].OrderID != "" {
		t.Fatalf("stored %+v", stored)
	}
	got := stored[0]
	if got.Fields[eracuni.FieldInvoiceReference] != inv.Reference || got.Fields[eracuni.FieldWarehouse] != "01" ||
		got.Fields[eracuni.FieldCostCentre] != "WEB" || got.Fields[eracuni.FieldCurrency] != "EUR" ||
		got.Fields[eracuni.FieldPaymentMethod] != "BankTransfer" || got.Fields[eracuni.FieldDate] != "2026-03-02" {
		t.Errorf("fields %v", got.Fields)
	}
	if _, ok := got.Fields[eracuni.FieldReference]; ok && eracuni.FieldReference != eracuni.FieldInvoiceReference {
		t.Errorf("the sales order's reference field was sent on an invoice: %v", got.Fields)
	}
	checkNumber(t, got.Items[1], eracuni.ItemNetPrice, "-5.00")
	// 119.88 + 22 % (26.37) − 5.00
	if !got.Total().Equal(dec("141.25")) {
		t.Errorf("total %s", got.Total())
	}
	listed, err := a.SalesInvoices(context.Background(), "2026-03-01", "2026-03-03")
	if err != nil || len(listed) != 1 || listed[0].Reference != inv.Reference || listed[0].Number != doc.Number {
		t.Fatalf("listed %+v %v", listed, err)
	}
	if orders, _ := a.SalesOrders(context.Background(), "2026-03-01", "2026-03-03"); len(orders) != 0 {
		t.Fatalf("a sales invoice is listed as a sales order: %+v", orders)
	}
}

func TestAmbiguousSalesInvoiceIsOutcomeUnknownAndNotResent(t *testing.T) {
	for _, fault := range []eracunitest.FaultKind{eracunitest.DropAfterStore, eracunitest.ErrorPage, eracunitest.Stall} {
		srv := newDouble(t, nil)
		srv.Fault(eracuni.MethodSalesInvoiceCreate, 1, fault)
		a := newClient(t, srv, func(c *eracuni.Config) { c.Timeout = 200 * time.Millisecond })
		_, err := a.CreateSalesInvoice(context.Background(), eracuni.SalesInvoice(sampleOrder("WHMCS invoice id 7", "2026-03-02")))
		if !eracuni.IsKind(err, eracuni.KindOutcomeUnknown) {
			t.Fatalf("fault %v: want KindOutcomeUnknown, got %v", fault, err)
		}
		if n := srv.Calls(eracuni.MethodSalesInvoiceCreate); n != 1 {
			t.Fatalf("fault %v: sent %d times, want exactly once", fault, n)
		}
	}
}

func TestSalesInvoiceRightsAreChecked(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) { c.Accounts[0].NoSalesInvoiceRights = true })
	a := newClient(t, srv, nil)
	if err := a.Ping(context.Background()); err != nil {
		t.Fatalf("sales orders are allowed: %v", err)
	}
	err := a.PingSalesInvoices(context.Background())
	if kindOf(t, err) != eracuni.KindPrivileges {
		t.Fatalf("want KindPrivileges, got %v", err)
	}
	_, err = a.CreateSalesInvoice(context.Background(), eracuni.SalesInvoice(sampleOrder("WHMCS invoice id 8", "2026-03-02")))
	if kindOf(t, err) != eracuni.KindPrivileges || !strings.Contains(err.Error(), "create sales invoices") {
		t.Fatalf("create without rights: %v", err)
	}
	if n := srv.Calls(eracuni.MethodSalesInvoiceCreate); n != 1 {
		t.Fatalf("a refused create was sent %d times", n)
	}
}

func TestRejectedSalesInvoiceNamesTheField(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	inv := eracuni.SalesInvoice(sampleOrder("WHMCS invoice id 9", "2026-03-02"))
	inv.BuyerName = ""
	_, err := a.CreateSalesInvoice(context.Background(), inv)
	var e *eracuni.Error
	if kindOf(t, err) != eracuni.KindValidation || !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != eracuni.FieldBuyerName {
		t.Fatalf("want a validation error naming %s, got %v", eracuni.FieldBuyerName, err)
	}
}
