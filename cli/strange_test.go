package cli_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/eracuni/eracunitest"
	"whmcs-eracuni/sync/whmcs/whmcstest"
)

// rawOrders fetches the GetOrders page the double would send, decoded so a
// test can bend it into shapes the Shop does not produce.
func rawOrders(t *testing.T, w *world) map[string]any {
	t.Helper()
	form := url.Values{"action": {"GetOrders"}, "identifier": {"cli-id"}, "secret": {whSecret},
		"responsetype": {"json"}, "limitnum": {"100"}}
	resp, err := http.PostForm(w.wsrv.URL+"/includes/api.php", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var page map[string]any
	if err := dec.Decode(&page); err != nil {
		t.Fatalf("GetOrders: %v\n%s", err, body)
	}
	return page
}

func pageOrder(page map[string]any, id int64) map[string]any {
	for _, o := range page["orders"].(map[string]any)["order"].([]any) {
		m := o.(map[string]any)
		if n, _ := m["id"].(json.Number).Int64(); n == id {
			return m
		}
	}
	return nil
}

// documentTotal adds up a stored document's lines, price × quantity, to the
// cent and beyond: no float64 on the way.
func documentTotal(t *testing.T, d eracunitest.Stored) decimal.Decimal {
	t.Helper()
	sum := decimal.Zero
	for _, it := range d.Items {
		price, ok := it[eracuni.ItemNetPrice].(json.Number)
		if !ok {
			t.Fatalf("item without a net price: %v", it)
		}
		qty, _ := it[eracuni.ItemQuantity].(json.Number)
		p, err1 := decimal.NewFromString(price.String())
		q, err2 := decimal.NewFromString(qty.String())
		if err1 != nil || err2 != nil {
			t.Fatalf("item numbers %v %v", price, qty)
		}
		sum = sum.Add(p.Mul(q))
	}
	return sum
}

// Strange but valid WHMCS data goes through the real command line: emoji
// and right-to-left names, HTML entities, a promotion, a credit line, a
// 10,000-character note, a free order, an order without line items and a
// line item without a product name. Every document must be sensible and total
// the WHMCS order to the cent; nothing may panic.
func TestStrangeButValidOrdersMakeSensibleDocuments(t *testing.T) {
	w := newWorld(t)
	w.configure()
	day := time.Now().AddDate(0, 0, -2).Truncate(time.Second)
	rtl := w.shop.AddClient(whmcstest.Client{FirstName: "Zoë 🦊", LastName: "بن علي", Email: "zoe@example.si",
		Address1: "שדרות רוטשילד 1", City: "Ljubljana", PostCode: "1000", Country: "SI"})
	ent := w.shop.AddClient(whmcstest.Client{FirstName: "Seán", LastName: "O&#039;Brien", CompanyName: "Novak &amp; Partner &lt;d.o.o.&gt;",
		Email: "sean@example.si", Address1: "Trg &quot;OF&quot; 3", City: "Maribor", PostCode: "2000", Country: "SI"})
	add := func(client int64, spec whmcstest.OrderSpec) int64 {
		spec.ClientID, spec.Date, spec.Status, spec.InvoiceStatus = client, day, "Active", "Paid"
		return w.shop.AddOrder(spec)
	}
	item := func(typ, product, amount string) whmcstest.Item {
		return whmcstest.Item{Type: typ, Product: product, Domain: "primer.si", BillingCycle: "Annually", Amount: decimal.RequireFromString(amount)}
	}
	promo := add(rtl, whmcstest.OrderSpec{Items: []whmcstest.Item{item("product", "Gostovanje 🚀 Osnovni", "59.88"), item("domain", "Register", "9.99")},
		PromoCode: "JESEN-20", PromoPercent: decimal.NewFromInt(20), Notes: strings.Repeat("Opomba 🙂 ", 1000)})
	credit := add(ent, whmcstest.OrderSpec{Items: []whmcstest.Item{item("product", "&lt;b&gt;Hosting&lt;/b&gt; &amp; e-pošta", "100.00"),
		item("addon", "Dobropis", "-25.50")}})
	free := add(rtl, whmcstest.OrderSpec{Items: []whmcstest.Item{item("product", "Brezplačni preizkus", "0.00")}})
	bare := add(ent, whmcstest.OrderSpec{Items: []whmcstest.Item{item("product", "placeholder", "42.42")}})
	nameless := add(rtl, whmcstest.OrderSpec{Items: []whmcstest.Item{item("product", "placeholder", "5.00")}})

	// WHMCS shapes the Shop does not make: an order whose line items are
	// gone though its amount stands, and a line item whose product has no
	// name (its product type and domain still say what it is; with those
	// empty too the engine has a bug, see enginebugs_test.go).
	page := rawOrders(t, w)
	pageOrder(page, bare)["lineitems"] = []any{}
	li := pageOrder(page, nameless)["lineitems"].(map[string]any)["lineitem"].([]any)[0].(map[string]any)
	li["product"] = ""
	body, _ := json.Marshal(page)
	w.wsrv.Reply("GetOrders", 0, 200, string(body))

	code, out := w.runFast(0, "sync", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var res struct {
		Orders []struct {
			ID     int64  `json:"whmcs_order_id"`
			Action string `json:"action"`
			Reason string `json:"reason"`
			Client string `json:"client"`
		} `json:"orders"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):strings.LastIndex(out, "}")+1]), &res); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	actions := map[int64]string{}
	for _, o := range res.Orders {
		actions[o.ID] = o.Action
		if o.ID == free && !strings.Contains(o.Reason, "total is zero") {
			t.Errorf("the 0.00 order: %q, want skipped as zero", o.Reason)
		}
	}
	if actions[free] != "skip" {
		t.Errorf("the 0.00 order was %q, want skip", actions[free])
	}

	wantBuyer := map[int64]string{promo: "Zoë 🦊 بن علي", credit: "Novak & Partner <d.o.o.>", bare: "Novak & Partner <d.o.o.>", nameless: "Zoë 🦊 بن علي"}
	for id, buyer := range wantBuyer {
		o, _ := w.shop.Order(id)
		docs := w.esrv.SalesOrdersByReference(sync.Reference(strconv.FormatInt(o.OrderNum, 10)))
		if actions[id] != "create" || len(docs) != 1 {
			t.Errorf("order %d: action %q and %d documents, want create and one", id, actions[id], len(docs))
			continue
		}
		d := docs[0]
		if got := documentTotal(t, d); !got.Equal(o.Amount) {
			t.Errorf("order %d: the document totals %s, WHMCS says %s", id, got, o.Amount)
		}
		if got, _ := d.Fields[eracuni.FieldBuyerName].(string); got != buyer {
			t.Errorf("order %d: buyer %q, want %q", id, got, buyer)
		}
		for _, it := range d.Items {
			desc, _ := it[eracuni.ItemDescription].(string)
			if strings.TrimSpace(desc) == "" || strings.ContainsAny(desc, "<>") || strings.Contains(desc, "&amp;") {
				t.Errorf("order %d: line description %q", id, desc)
			}
		}
	}
	if d := w.esrv.SalesOrdersByReference(sync.Reference(strconv.FormatInt(mustOrder(w, promo).OrderNum, 10))); len(d) == 1 {
		if len(d[0].Items) != 3 {
			t.Errorf("the promotion is not its own (negative) line: %v", d[0].Items)
		}
	}

	// The history keeps the strange names as they are.
	code, hist := w.runFast(0, "history", "--run", res2RunID(t, out), "--json")
	if code != 0 || !strings.Contains(hist, "Zoë 🦊 بن علي") {
		t.Errorf("history lost the name: exit %d\n%s", code, hist)
	}
	db, err := store.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func mustOrder(w *world, id int64) whmcstest.Order {
	o, ok := w.shop.Order(id)
	if !ok {
		w.t.Fatalf("no order %d", id)
	}
	return o
}

func res2RunID(t *testing.T, out string) string {
	t.Helper()
	var r struct {
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):strings.LastIndex(out, "}")+1]), &r); err != nil || r.RunID == "" {
		t.Fatalf("no run id in %s", out)
	}
	return r.RunID
}
