package eracunitest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"whmcs-eracuni/sync/eracuni"
)

// Document kinds the double keeps.
const (
	KindSalesOrder   = "SalesOrder"
	KindSalesInvoice = "SalesInvoice"
)

// Stored is one document the double holds, as a test reads it back.
type Stored struct {
	Kind       string // KindSalesOrder or KindSalesInvoice
	DocumentID string // "60:251861"
	Number     string // "2026-00042"
	Date       string // YYYY-MM-DD
	// Reference is the sales order's reference field; on an invoice made
	// from an order, the reference of that order; on an invoice created on
	// its own (SalesInvoiceCreate), the reference it was sent with.
	Reference string
	// OrderID is, on an invoice, the DocumentID of its sales order.
	OrderID  string
	Username string // who created it
	// Fields is the decoded SalesOrder object as sent, without Items; numbers
	// are json.Number, so money keeps every digit. An invoice carries its
	// order's fields plus the order reference field.
	Fields map[string]any
	Items  []map[string]any

	token string // the company the document belongs to
}

// Documents returns a copy of every stored document, oldest first.
func (s *Server) Documents() []Stored {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Stored, 0, len(s.docs))
	for _, d := range s.docs {
		out = append(out, d.clone())
	}
	return out
}

// SalesOrdersByReference returns the sales orders carrying ref.
func (s *Server) SalesOrdersByReference(ref string) []Stored {
	return s.byReference(KindSalesOrder, ref)
}

// SalesInvoicesByReference returns the invoices made from orders carrying
// ref, and the invoices created on their own with ref.
func (s *Server) SalesInvoicesByReference(ref string) []Stored {
	return s.byReference(KindSalesInvoice, ref)
}

func (s *Server) byReference(kind, ref string) []Stored {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Stored
	for _, d := range s.docs {
		if d.Kind == kind && d.Reference == ref {
			out = append(out, d.clone())
		}
	}
	return out
}

func (d *Stored) clone() Stored {
	c := *d
	c.Fields = cloneValue(d.Fields).(map[string]any)
	c.Items = make([]map[string]any, len(d.Items))
	for i, it := range d.Items {
		c.Items[i] = cloneValue(it).(map[string]any)
	}
	return c
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = cloneValue(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = cloneValue(x)
		}
		return l
	}
	return v
}

// store files a new document and numbers it. Caller holds mu.
func (s *Server) store(d *Stored) {
	d.DocumentID = fmt.Sprintf("60:%d", s.nextID)
	s.nextID++
	year := d.Date[:4]
	s.seq[d.Kind+year]++
	d.Number = fmt.Sprintf("%s-%05d", year, s.seq[d.Kind+year])
	s.docs = append(s.docs, d)
}

func (d *Stored) result() map[string]any {
	return map[string]any{
		eracuni.ResultDate:       d.Date,
		eracuni.ResultDocumentID: d.DocumentID,
		eracuni.ResultNumber:     d.Number,
	}
}

func (s *Server) createSalesOrder(acc Account, params map[string]any) (any, string) {
	return s.createDocument(acc, params, eracuni.ParamSalesOrder, "SalesOrderItem", KindSalesOrder, eracuni.FieldReference)
}

// createSalesInvoice issues an invoice of its own (SalesInvoiceCreate), not
// made from a sales order; its reference is the one it was sent with.
func (s *Server) createSalesInvoice(acc Account, params map[string]any) (any, string) {
	return s.createDocument(acc, params, eracuni.ParamSalesInvoice, "SalesInvoiceItem", KindSalesInvoice, eracuni.FieldInvoiceReference)
}

// createDocument validates and stores the document sent under param: a
// sales order or a sales invoice, whose reference is in refField.
func (s *Server) createDocument(acc Account, params map[string]any, param, itemType, kind, refField string) (any, string) {
	doc, ok := params[param].(map[string]any)
	if !ok {
		return nil, fieldErrors([]string{"#" + param + " - This field is required"})
	}
	if problem := s.validateDocument(param, itemType, doc); problem != "" {
		return nil, problem
	}
	fields := cloneValue(doc).(map[string]any)
	delete(fields, eracuni.FieldItems)
	var items []map[string]any
	for _, it := range doc[eracuni.FieldItems].([]any) {
		items = append(items, cloneValue(it).(map[string]any))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	date, _ := fields[eracuni.FieldDate].(string)
	if date == "" {
		date = s.cfg.Now().Format(time.DateOnly)
	}
	ref, _ := fields[refField].(string)
	d := &Stored{Kind: kind, Date: date, Reference: ref, Username: acc.Username,
		Fields: fields, Items: items, token: acc.Token}
	s.store(d)
	return d.result(), ""
}

func (s *Server) createInvoice(acc Account, params map[string]any) (any, string) {
	id, _ := params[eracuni.ParamDocumentID].(string)
	if id == "" {
		return nil, fieldErrors([]string{"#" + eracuni.ParamDocumentID + " - This field is required"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var order *Stored
	for _, d := range s.docs {
		if d.Kind == KindSalesOrder && d.DocumentID == id && strings.EqualFold(d.token, acc.Token) {
			order = d
		}
	}
	if order == nil {
		return nil, fieldErrors([]string{fmt.Sprintf("#%s - Sales order %s does not exist", eracuni.ParamDocumentID, id)})
	}
	// e-računi lets an order be invoiced more than once (partial invoicing is
	// a normal practice), so the double does not refuse a second invoice:
	// preventing duplicates is the sync's job, and tests must see it fail.
	inv := order.clone()
	inv.Kind, inv.OrderID, inv.Username, inv.token = KindSalesInvoice, order.DocumentID, acc.Username, acc.Token
	inv.Date = s.cfg.Now().Format(time.DateOnly)
	delete(inv.Fields, eracuni.FieldReference)
	inv.Fields[eracuni.FieldDate] = inv.Date
	inv.Fields[eracuni.InvoiceOrderReference] = order.Reference
	s.store(&inv)
	return inv.result(), ""
}

func (s *Server) list(acc Account, method string, params map[string]any) (any, string) {
	from, _ := params[eracuni.ParamDateFrom].(string)
	to, _ := params[eracuni.ParamDateTo].(string)
	var problems []string
	for name, v := range map[string]string{eracuni.ParamDateFrom: from, eracuni.ParamDateTo: to} {
		if v != "" && !isDate(v) {
			problems = append(problems, fmt.Sprintf("#%s - Invalid date %q, expected format yyyy-MM-dd", name, v))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fieldErrors(problems)
	}
	kind, refField := KindSalesOrder, eracuni.FieldReference
	if method == eracuni.MethodSalesInvoiceList {
		kind, refField = KindSalesInvoice, eracuni.InvoiceOrderReference
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := []map[string]any{}
	for _, d := range s.docs {
		if d.Kind != kind || !strings.EqualFold(d.token, acc.Token) ||
			(from != "" && d.Date < from) || (to != "" && d.Date > to) {
			continue
		}
		row := d.result()
		row[refField] = d.Reference
		row[eracuni.FieldBuyerName] = d.Fields[eracuni.FieldBuyerName]
		rows = append(rows, row)
	}
	return rows, ""
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
