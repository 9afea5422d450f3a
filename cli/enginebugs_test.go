package cli_test

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/sync/whmcs/whmcstest"

	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
)

// invoiceWindowBug: the engine looks for an invoice whose answer was lost
// only among the invoices dated within its orders' dates (sync/lookup.go,
// Engine.lookup: `from, to := window(inv)` before SalesInvoices), but
// e-računi dates an invoice made from a sales order on the day it is made.
// An order dated before today whose invoice answer was lost (a crash, a
// dropped connection) is therefore invoiced a second time on the next run.
// Fix: `from, _ := window(inv); to := e.now().AddDate(0, 0, 1).Format(dateLayout)`.
// Fixed in the invoices work (the SalesInvoices window runs to today); the
// constant stays so a regression can be parked the same way.
const invoiceWindowBug = false

func skipIfInvoiceWindowBug(t *testing.T) {
	t.Helper()
	if invoiceWindowBug && os.Getenv("WHMCS_ERACUNI_ENGINE_FIXED") == "" {
		t.Skip("engine bug: an invoice whose answer was lost is looked up only within its order's dates, so it is made twice (sync/lookup.go Engine.lookup)")
	}
}

// An invoice e-računi stored but never confirmed must be found on the next
// run, not made again.
func TestLostInvoiceAnswerDoesNotInvoiceTwice(t *testing.T) {
	skipIfInvoiceWindowBug(t)
	w := newWorld(t)
	w.configure("--invoice-paid=true")
	id := w.order("Active", "Paid") // dated yesterday
	w.esrv.Fault(eracuni.MethodSalesOrderCreateInvoice, 1, eracunitest.DropAfterStore)
	w.runFast(0, "sync")
	w.esrv.ClearFaults()
	if code, out := w.runFast(0, "sync"); code != 0 {
		t.Fatalf("the next run: exit %d\n%s", code, out)
	}
	o, _ := w.shop.Order(id)
	ref := sync.Reference(strconv.FormatInt(o.OrderNum, 10))
	if n := len(w.esrv.SalesInvoicesByReference(ref)); n != 1 {
		t.Fatalf("%d invoices for one paid order whose invoice answer was lost, want 1 (%d invoice creates)",
			n, w.esrv.Calls(eracuni.MethodSalesOrderCreateInvoice))
	}
}

// namelessItemBug: a WHMCS line item with no product name, no product type
// and no domain (a product deleted from WHMCS, a custom line) gets an empty
// description (sync/document.go lineDescription), which e-računi refuses,
// so the whole order fails on every run. Fixed: lineDescription now names it
// after its domain or its order. The original note: in lineDescription, after the
// ProductType fallback, `if desc == "" { desc = li.Domain }`, and when still
// empty use the order's own text, e.g. pass the order number in and
// `desc = fmt.Sprintf(t.order, orderNum)` ("Naročilo WHMCS 5272178805").
// Set false once fixed; WHMCS_ERACUNI_ENGINE_FIXED=1 runs the test anyway.
const namelessItemBug = false

func TestLineItemWithoutAnyNameStillMakesADocument(t *testing.T) {
	if namelessItemBug && os.Getenv("WHMCS_ERACUNI_ENGINE_FIXED") == "" {
		t.Skip("engine bug: a line item without product, product type and domain gets an empty description and the order fails for ever (sync/document.go lineDescription)")
	}
	w := newWorld(t)
	w.configure()
	id := w.shop.AddOrder(whmcstest.OrderSpec{ClientID: w.client, Date: time.Now().AddDate(0, 0, -1), Status: "Active",
		Items: []whmcstest.Item{{Type: "product", Product: "x", Amount: decimal.RequireFromString("5.00")}}})
	page := rawOrders(t, w)
	li := pageOrder(page, id)["lineitems"].(map[string]any)["lineitem"].([]any)[0].(map[string]any)
	li["product"], li["producttype"], li["domain"], li["billingcycle"] = "", "", "", ""
	body, _ := json.Marshal(page)
	w.wsrv.Reply("GetOrders", 0, 200, string(body))
	if code, out := w.runFast(0, "sync"); code != 0 {
		t.Fatalf("an order with a nameless line item: exit %d\n%s", code, out)
	}
	o, _ := w.shop.Order(id)
	docs := w.esrv.SalesOrdersByReference(sync.Reference(strconv.FormatInt(o.OrderNum, 10)))
	if len(docs) != 1 || !documentTotal(t, docs[0]).Equal(o.Amount) {
		t.Fatalf("documents %v", docs)
	}
	if desc, _ := docs[0].Items[0][eracuni.ItemDescription].(string); strings.TrimSpace(desc) == "" || strings.HasPrefix(desc, " ") {
		t.Fatalf("line description %q", desc)
	}
}
