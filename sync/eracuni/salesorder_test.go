package eracuni_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

func TestCreateSalesOrderSendsEveryField(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	o := sampleOrder("WHMCS-1043", "2026-03-02")
	o.BuyerPhone = "+386 1 234 5678"
	o.BuyerTaxNumber = "SI12345678"
	o.Warehouse, o.CostCentre, o.DocumentLanguage = "01", "002", "English"
	o.VATTransactionType = eracuni.VATTransactionReverseCharge
	o.Remarks = "Reverse charge: VAT to be accounted for by the recipient."
	o.Items = append(o.Items, eracuni.Item{
		Description: "Domain example.si", Quantity: dec("2"), Unit: "kos",
		Price: dec("12.345"), PriceIncludesVAT: true, VATRate: dec("9.5"),
	})

	doc, err := a.CreateSalesOrder(context.Background(), o)
	if err != nil {
		t.Fatalf("CreateSalesOrder: %v", err)
	}
	if !regexp.MustCompile(`^\d+:\d+$`).MatchString(doc.DocumentID) || doc.Number != "2026-00001" || doc.Date != "2026-03-02" {
		t.Fatalf("unexpected document %+v", doc)
	}

	stored := srv.SalesOrdersByReference("WHMCS-1043")
	if len(stored) != 1 {
		t.Fatalf("want 1 stored order, got %d", len(stored))
	}
	got := stored[0]
	if got.DocumentID != doc.DocumentID {
		t.Fatalf("stored %s, answered %s", got.DocumentID, doc.DocumentID)
	}
	want := map[string]string{
		eracuni.FieldDate: "2026-03-02", eracuni.FieldReference: "WHMCS-1043",
		eracuni.FieldBuyerName: o.BuyerName, eracuni.FieldBuyerStreet: o.BuyerStreet,
		eracuni.FieldBuyerPostalCode: "2000", eracuni.FieldBuyerCity: "Maribor",
		eracuni.FieldBuyerCountry: "SI", eracuni.FieldBuyerEMail: o.BuyerEMail,
		eracuni.FieldBuyerPhone: o.BuyerPhone, eracuni.FieldBuyerTaxNumber: "SI12345678",
		eracuni.FieldCurrency: "EUR", eracuni.FieldPaymentMethod: "BankTransfer",
		eracuni.FieldWarehouse: "01", eracuni.FieldCostCentre: "002",
		eracuni.FieldDocumentLanguage: "English", eracuni.FieldRemarks: o.Remarks,
	}
	for k, v := range want {
		if got.Fields[k] != v {
			t.Errorf("field %s = %v, want %q", k, got.Fields[k], v)
		}
	}
	if len(got.Items) != 2 {
		t.Fatalf("want 2 items, got %d", len(got.Items))
	}
	net, gross := got.Items[0], got.Items[1]
	checkNumber(t, net, eracuni.ItemNetPrice, "119.88")
	checkNumber(t, net, eracuni.ItemVATPercentage, "22")
	checkNumber(t, net, eracuni.ItemQuantity, "1")
	if _, ok := net[eracuni.ItemGrossPrice]; ok {
		t.Error("a net-price item also carries a gross price")
	}
	checkNumber(t, gross, eracuni.ItemGrossPrice, "12.345")
	checkNumber(t, gross, eracuni.ItemVATPercentage, "9.5")
	if _, ok := gross[eracuni.ItemNetPrice]; ok {
		t.Error("a gross-price item also carries a net price")
	}
	for _, it := range got.Items {
		if it[eracuni.ItemVATTransactionType] != eracuni.VATTransactionReverseCharge {
			t.Errorf("item lacks the VAT transaction type: %v", it)
		}
		if _, ok := it[eracuni.ItemPosition]; ok {
			t.Error("the read-only position was sent")
		}
	}
}

// checkNumber asserts a stored item value is a JSON number equal to want,
// so money never travels as a float or a string.
func checkNumber(t *testing.T, item map[string]any, key, want string) {
	t.Helper()
	n, ok := item[key].(json.Number)
	if !ok {
		t.Errorf("%s = %#v, want the JSON number %s", key, item[key], want)
		return
	}
	if !dec(n.String()).Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", key, n, want)
	}
}

func TestEmptyOptionalFieldsAreLeftOut(t *testing.T) {
	srv := newDouble(t, nil)
	o := sampleOrder("1044", "2026-03-02")
	o.Currency, o.PaymentMethod, o.BuyerCountry = "", "", ""
	if _, err := newClient(t, srv, nil).CreateSalesOrder(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	f := srv.Documents()[0].Fields
	for _, k := range []string{eracuni.FieldCurrency, eracuni.FieldPaymentMethod, eracuni.FieldBuyerCountry,
		eracuni.FieldWarehouse, eracuni.FieldCostCentre, eracuni.FieldBuyerTaxNumber, eracuni.FieldRemarks} {
		if v, ok := f[k]; ok {
			t.Errorf("empty %s was sent as %v", k, v)
		}
	}
}

func TestRejectedOrderNamesEachField(t *testing.T) {
	srv := newDouble(t, nil)
	o := sampleOrder("1045", "2026-03-02")
	o.BuyerName, o.Items = "", nil

	_, err := newClient(t, srv, nil).CreateSalesOrder(context.Background(), o)
	var e *eracuni.Error
	if kindOf(t, err) != eracuni.KindValidation || !asErr(err, &e) {
		t.Fatalf("want KindValidation, got %v", err)
	}
	want := []eracuni.FieldError{
		{Field: "buyerName", Message: "This field is required"},
		{Field: "Items", Message: "Document must contain at least one item"},
	}
	if !slices.Equal(e.Fields, want) {
		t.Fatalf("fields %+v, want %+v", e.Fields, want)
	}
	if e.Status != http.StatusInternalServerError || e.Method != eracuni.MethodSalesOrderCreate {
		t.Fatalf("status %d method %q", e.Status, e.Method)
	}
	wantText := "buyerName — This field is required; Items — Document must contain at least one item"
	if e.FieldsText() != wantText {
		t.Fatalf("FieldsText %q, want %q", e.FieldsText(), wantText)
	}
	if !strings.HasPrefix(err.Error(), "e-računi rejected the sales order: "+wantText) {
		t.Fatalf("message %q", err)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderCreate); n != 1 {
		t.Fatalf("a rejected order was sent %d times, want 1", n)
	}
	if len(srv.Documents()) != 0 {
		t.Fatal("a rejected order was stored")
	}
}

func TestUnknownWarehouseAndCostCentreAreFieldErrors(t *testing.T) {
	srv := newDouble(t, func(c *eracunitest.Config) {
		c.Warehouses, c.CostCentres = []string{"01"}, []string{"001", "002"}
	})
	a := newClient(t, srv, nil)
	o := sampleOrder("1046", "2026-03-02")
	o.Warehouse, o.CostCentre = "99", "777"
	_, err := a.CreateSalesOrder(context.Background(), o)
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindValidation {
		t.Fatalf("want KindValidation, got %v", err)
	}
	fields := []string{}
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	if !slices.Equal(fields, []string{eracuni.FieldWarehouse, eracuni.FieldCostCentre}) {
		t.Fatalf("fields %v", e.Fields)
	}
	o.Warehouse, o.CostCentre = "01", "002"
	if _, err := a.CreateSalesOrder(context.Background(), o); err != nil {
		t.Fatalf("valid codes refused: %v", err)
	}
}

// tamper adds the read-only Items[].position to every request on its way to
// the double, as a careless change to the client would.
type tamper struct{ next http.RoundTripper }

func (tp tamper) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	var req map[string]any
	json.Unmarshal(body, &req)
	if p, ok := req[eracuni.KeyParameters].(map[string]any); ok {
		if o, ok := p[eracuni.ParamSalesOrder].(map[string]any); ok {
			for i, it := range o[eracuni.FieldItems].([]any) {
				it.(map[string]any)[eracuni.ItemPosition] = i + 1
			}
		}
	}
	body, _ = json.Marshal(req)
	r = r.Clone(r.Context())
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	return tp.next.RoundTrip(r)
}

func TestReadOnlyPositionIsAFieldError(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, func(c *eracuni.Config) {
		c.HTTPClient = &http.Client{Transport: tamper{http.DefaultTransport}}
	})
	_, err := a.CreateSalesOrder(context.Background(), sampleOrder("1047", "2026-03-02"))
	var e *eracuni.Error
	if !asErr(err, &e) || e.Kind != eracuni.KindValidation {
		t.Fatalf("want KindValidation, got %v", err)
	}
	if len(e.Fields) != 1 || e.Fields[0].Field != "SalesOrderItem.position" {
		t.Fatalf("fields %+v", e.Fields)
	}
	if strings.Contains(e.Description, "H7i@") {
		t.Fatalf("server stamp kept in %q", e.Description)
	}
}

func TestSalesOrdersListsTheWindowWithReferencesInOneCall(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	ctx := context.Background()
	for ref, date := range map[string]string{"1001": "2026-02-28", "1002": "2026-03-01", "1003": "2026-03-15", "1004": "2026-03-31", "1005": "2026-04-01"} {
		if _, err := a.CreateSalesOrder(ctx, sampleOrder(ref, date)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := a.SalesOrders(ctx, "2026-03-01", "2026-03-31")
	if err != nil {
		t.Fatalf("SalesOrders: %v", err)
	}
	refs := map[string]eracuni.Listed{}
	for _, l := range got {
		refs[l.Reference] = l
	}
	if len(got) != 3 || refs["1002"].Date != "2026-03-01" || refs["1003"].DocumentID == "" || refs["1004"].Number == "" {
		t.Fatalf("listed %+v, want orders 1002..1004 with ids and numbers", got)
	}
	if n := srv.Calls(eracuni.MethodSalesOrderList); n != 1 {
		t.Fatalf("SalesOrders made %d calls, want 1", n)
	}
	empty, err := a.SalesOrders(ctx, "2025-01-01", "2025-01-31")
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty window: %v %v", empty, err)
	}
}

func TestBadDateWindowIsRefusedBeforeSending(t *testing.T) {
	srv := newDouble(t, nil)
	a := newClient(t, srv, nil)
	for _, w := range [][2]string{{"2026-03-31", "2026-03-01"}, {"2026-3-1", "2026-03-31"}, {"", ""}} {
		if _, err := a.SalesOrders(context.Background(), w[0], w[1]); !eracuni.IsKind(err, eracuni.KindConfig) {
			t.Errorf("window %v: want KindConfig, got %v", w, err)
		}
	}
	if srv.Calls("") != 0 {
		t.Fatal("a bad window was sent")
	}
}

func TestCreateInvoiceFromOrderCarriesTheOrderReference(t *testing.T) {
	today := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	srv := newDouble(t, func(c *eracunitest.Config) { c.Now = func() time.Time { return today } })
	a := newClient(t, srv, nil)
	ctx := context.Background()
	order, err := a.CreateSalesOrder(ctx, sampleOrder("1050", "2026-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := a.CreateInvoiceFromOrder(ctx, order.DocumentID)
	if err != nil {
		t.Fatalf("CreateInvoiceFromOrder: %v", err)
	}
	if inv.DocumentID == "" || inv.DocumentID == order.DocumentID || inv.Date != "2026-03-05" {
		t.Fatalf("invoice %+v for order %+v", inv, order)
	}
	stored := srv.SalesInvoicesByReference("1050")
	if len(stored) != 1 || stored[0].OrderID != order.DocumentID || stored[0].Fields[eracuni.FieldBuyerName] != "Janez Novak s.p." {
		t.Fatalf("stored invoices %+v", stored)
	}
	listed, err := a.SalesInvoices(ctx, "2026-03-01", "2026-03-31")
	if err != nil {
		t.Fatalf("SalesInvoices: %v", err)
	}
	if len(listed) != 1 || listed[0].Reference != "1050" || listed[0].DocumentID != inv.DocumentID || listed[0].Number != inv.Number {
		t.Fatalf("listed %+v, want the invoice with reference 1050", listed)
	}

	_, err = a.CreateInvoiceFromOrder(ctx, "60:1")
	if !eracuni.IsKind(err, eracuni.KindValidation) || !strings.Contains(err.Error(), "documentID") {
		t.Fatalf("unknown order: want a KindValidation naming documentID, got %v", err)
	}
	if _, err := a.CreateInvoiceFromOrder(ctx, " "); !eracuni.IsKind(err, eracuni.KindConfig) {
		t.Fatalf("empty id: want KindConfig, got %v", err)
	}
}

func asErr(err error, target **eracuni.Error) bool { return errors.As(err, target) }
