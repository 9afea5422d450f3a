package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
)

// previewScreen shows a plan: one row per order with what would happen and
// why, totals per action, the exact document of the selected order, and
// "Import these" to carry it out.
type previewScreen struct {
	g       *gui
	content fyne.CanvasObject

	status  *widget.Label // what this is, or the error that stopped the preview
	totals  *widget.Label
	table   *widget.Table
	detail  *widget.Label
	importB *widget.Button

	plan *engine.Plan
	rows []engine.Decision
}

// column is one column of a table: its header (translation key and
// English) and its width.
type column struct {
	key, english string
	width        float32
}

var previewColumns = []column{
	{"col.order", "Order", 110},
	{"col.date", "Date", 100},
	{"col.client", "Client", 200},
	{"col.amount", "Amount", 110},
	{"col.action", "Action", 140},
	{"col.reason", "Reason", 470},
}

func newPreviewScreen(g *gui) *previewScreen {
	p := &previewScreen{g: g}
	p.status = widget.NewLabel(tr("preview.empty",
		"Press Preview to see what a sync would do. Nothing is written to e-računi until you press \"Import these\"."))
	p.status.Wrapping = fyne.TextWrapWord
	p.totals = widget.NewLabel("")
	p.totals.TextStyle = fyne.TextStyle{Bold: true}
	p.totals.Wrapping = fyne.TextWrapWord
	p.table = newDecisionTable(func() int { return len(p.rows) }, p.cell, previewColumns)
	p.table.OnSelected = func(id widget.TableCellID) { p.selectRow(id.Row) }
	p.detail = widget.NewLabel(tr("preview.pick", "Select an order to see the exact document that will be created."))
	p.detail.Wrapping = fyne.TextWrapWord
	p.importB = widget.NewButtonWithIcon(tr("preview.import", "Import these"), theme.UploadIcon(), p.onImport)
	p.importB.Importance = widget.HighImportance
	p.importB.Disable()

	detailPane := container.NewBorder(
		widget.NewLabelWithStyle(tr("preview.document", "Document"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, container.NewVScroll(p.detail))
	split := container.NewVSplit(p.table, detailPane)
	split.Offset = 0.6
	top := container.NewVBox(p.status, container.NewBorder(nil, nil, nil, p.importB, p.totals))
	p.content = container.NewBorder(top, nil, nil, nil, split)
	return p
}

// newDecisionTable is a table with a header row of translated column names.
func newDecisionTable(length func() int, cell func(row, col int) string, cols []column) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return length(), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cell(id.Row, id.Col)) },
	)
	t.ShowHeaderColumn = false
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 && id.Col < len(cols) {
			l.SetText(tr(cols[id.Col].key, cols[id.Col].english))
			l.TextStyle = fyne.TextStyle{Bold: true}
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// cell is the text of one table cell, as the user sees it.
func (p *previewScreen) cell(row, col int) string {
	if row < 0 || row >= len(p.rows) {
		return ""
	}
	d := p.rows[row]
	switch col {
	case 0:
		return recordLabel(d.Kind, d.OrderNum)
	case 1:
		return d.Date
	case 2:
		return d.Client
	case 3:
		return formatAmount(d.Amount, d.Currency)
	case 4:
		return flagged(len(d.Flags) > 0, actionText(string(d.Action), p.plan.DryRun, d.Invoice))
	case 5:
		reason := say(d.Reason)
		if d.Action == engine.ActionFail && d.Err != nil {
			reason = explain(d.Err)
		}
		return withFlags(reason, flagTexts(d.Flags))
	}
	return ""
}

// recordLabel names a WHMCS order by its number, and a WHMCS invoice as one.
func recordLabel(kind, number string) string {
	if kind == store.KindInvoice {
		return tr("kind.invoice", "Invoice {{.number}}", "number", number)
	}
	return number
}

// flagMark is the sign of something to check by hand in e-računi.
const flagMark = "⚠"

func flagged(on bool, text string) string {
	if on {
		return flagMark + " " + text
	}
	return text
}

func flagTexts(fs []engine.Flag) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, say(f.Message))
	}
	return out
}

// withFlags puts the flags after the reason, each marked, so they are read
// first in a narrow column.
func withFlags(reason string, flags []string) string {
	if len(flags) == 0 {
		return reason
	}
	parts := make([]string, 0, len(flags)+1)
	for _, f := range flags {
		parts = append(parts, flagMark+" "+f)
	}
	if reason != "" {
		parts = append(parts, reason)
	}
	return strings.Join(parts, " — ")
}

// actionText names an action; a preview speaks of what will happen.
func actionText(action string, preview, invoice bool) string {
	switch engine.Action(action) {
	case engine.ActionCreate:
		switch {
		case preview && invoice:
			return tr("action.will_create_invoice", "Create + invoice")
		case preview:
			return tr("action.will_create", "Create")
		case invoice:
			return tr("action.created_invoice", "Created + invoice")
		}
		return tr("action.created", "Created")
	case engine.ActionSkip:
		return tr("action.skip", "Skip")
	case engine.ActionAlready:
		if invoice && preview {
			return tr("action.will_invoice", "Invoice")
		}
		return tr("action.already", "Already in e-računi")
	case engine.ActionFail:
		return tr("action.fail", "Failed")
	}
	return action
}

// show puts a plan on screen.
func (p *previewScreen) show(plan *engine.Plan) {
	p.plan, p.rows = plan, plan.Decisions
	if plan.DryRun {
		p.status.SetText(tr("preview.ready", "Preview of {{.when}}: this is what a sync would do now. Nothing has been written to e-računi yet.",
			"when", formatTime(plan.Started)))
	}
	if plan.Err != nil {
		p.status.SetText(explain(plan.Err))
	}
	p.totals.SetText(countsText(plan.Counts, plan.DryRun) + flaggedText(plan.Counts.Flagged))
	p.table.UnselectAll()
	p.table.Refresh()
	p.table.ScrollToTop()
	p.detail.SetText(tr("preview.pick", "Select an order to see the exact document that will be created."))
	if plan.DryRun && (plan.Counts.Created > 0 || plan.Counts.Invoiced > 0) {
		p.importB.SetText(tr("preview.import_n", "Import these ({{.n}})", "n", strconv.Itoa(plan.Counts.Created+invoiceOnly(plan))))
		p.importB.Enable()
	} else {
		p.importB.SetText(tr("preview.import", "Import these"))
		p.importB.Disable()
	}
}

// invoiceOnly counts orders already in e-računi whose invoice would be made.
func invoiceOnly(plan *engine.Plan) int {
	n := 0
	for _, d := range plan.Decisions {
		if d.Action == engine.ActionAlready && d.Invoice {
			n++
		}
	}
	return n
}

// showImported replaces the preview with what "Import these" did.
func (p *previewScreen) showImported(plan *engine.Plan) {
	p.show(plan)
	p.status.SetText(tr("preview.imported", "Imported {{.when}}. The run is kept in History.", "when", formatTime(plan.Finished)))
	if plan.Err != nil {
		p.status.SetText(explain(plan.Err))
	}
}

// markStale says a sync ran after this preview, so it no longer shows what
// would happen; "Import these" is off until the next preview.
func (p *previewScreen) markStale() {
	p.status.SetText(tr("preview.stale", "A sync ran after this preview, so it may be out of date. Press Preview to see the current state."))
	p.importB.SetText(tr("preview.import", "Import these"))
	p.importB.Disable()
}

func (p *previewScreen) showError(text string) {
	p.status.SetText(text)
}

func countsText(c engine.Counts, preview bool) string {
	n := func(v int) string { return strconv.Itoa(v) }
	if preview {
		return tr("totals.preview", "To create: {{.created}} · with invoice: {{.invoiced}} · already in e-računi: {{.already}} · skipped: {{.skipped}} · failed: {{.failed}}",
			"created", n(c.Created), "invoiced", n(c.Invoiced), "already", n(c.Already), "skipped", n(c.Skipped), "failed", n(c.Failed))
	}
	return tr("totals.done", "Created: {{.created}} · invoices: {{.invoiced}} · already in e-računi: {{.already}} · skipped: {{.skipped}} · failed: {{.failed}}",
		"created", n(c.Created), "invoiced", n(c.Invoiced), "already", n(c.Already), "skipped", n(c.Skipped), "failed", n(c.Failed))
}

// flaggedText adds the number of flagged rows to the totals, when any.
func flaggedText(n int) string {
	if n == 0 {
		return ""
	}
	return " · " + flagMark + " " + tr("totals.flagged", "to check by hand in e-računi: {{.n}}", "n", strconv.Itoa(n))
}

func (p *previewScreen) selectRow(row int) {
	if row < 0 || row >= len(p.rows) {
		return
	}
	p.detail.SetText(decisionDetail(p.rows[row], p.plan.DryRun))
}

func (p *previewScreen) onImport() {
	p.g.startRun(kindApply, engine.TriggerManual, true, p.importB.Disable)
}

// decisionDetail is the reason and, for a create, every field of the exact
// sales order that is (or was) sent.
func decisionDetail(d engine.Decision, preview bool) string {
	var b strings.Builder
	line := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			b.WriteString(label + ": " + value + "\n")
		}
	}
	salesInvoice := d.DocumentType == engine.DocumentSalesInvoice
	if d.IsInvoice() {
		b.WriteString(tr("detail.invoice", "WHMCS invoice {{.invoice}}", "invoice", d.OrderNum) + "\n")
	} else {
		b.WriteString(tr("detail.order", "WHMCS order {{.order}}", "order", d.OrderNum) + "\n")
	}
	reason := say(d.Reason)
	if d.Action == engine.ActionFail && d.Err != nil {
		reason = explain(d.Err)
	}
	b.WriteString(actionText(string(d.Action), preview, d.Invoice) + " — " + reason + "\n")
	for _, f := range flagTexts(d.Flags) {
		b.WriteString(flagMark + " " + f + "\n")
	}
	if salesInvoice {
		line(tr("detail.sales_invoice_number", "Sales invoice number"), d.DocumentNumber)
	} else {
		line(tr("detail.document_number", "Sales order number"), d.DocumentNumber)
	}
	line(tr("detail.invoice_number", "Invoice number"), d.InvoiceNumber)
	if d.Document == nil {
		return b.String()
	}
	so := d.Document
	if salesInvoice {
		b.WriteString("\n" + tr("detail.sales_invoice", "Sales invoice sent to e-računi") + "\n")
	} else {
		b.WriteString("\n" + tr("detail.sales_order", "Sales order sent to e-računi") + "\n")
	}
	line(tr("field.date", "Date"), so.Date)
	line(tr("field.reference", "Reference"), so.Reference)
	line(tr("field.buyer", "Buyer"), so.BuyerName)
	line(tr("field.street", "Street"), so.BuyerStreet)
	line(tr("field.city", "Post code and city"), strings.TrimSpace(so.BuyerPostalCode+" "+so.BuyerCity))
	line(tr("field.country", "Country"), so.BuyerCountry)
	line(tr("field.tax_number", "VAT number"), so.BuyerTaxNumber)
	line(tr("field.email", "E-mail"), so.BuyerEMail)
	line(tr("field.phone", "Phone"), so.BuyerPhone)
	line(tr("field.currency", "Currency"), so.Currency)
	line(tr("field.payment_method", "Payment method"), so.PaymentMethod)
	line(tr("field.warehouse", "Warehouse"), so.Warehouse)
	line(tr("field.cost_centre", "Cost centre"), so.CostCentre)
	line(tr("field.document_language", "Document language"), so.DocumentLanguage)
	if so.VATTransactionType != "" {
		line(tr("field.vat_type", "VAT treatment"), vatTypeText(so.VATTransactionType))
	}
	line(tr("field.remarks", "Remarks"), so.Remarks)
	b.WriteString(tr("field.items", "Items") + ":\n")
	for _, it := range so.Items {
		b.WriteString("  • " + itemText(it, d.Currency) + "\n")
	}
	if d.Invoice {
		b.WriteString("\n" + tr("detail.with_invoice", "The order is paid: its invoice is created from this sales order too.") + "\n")
	}
	return b.String()
}

func vatTypeText(t string) string {
	if t == eracuni.VATTransactionReverseCharge {
		return tr("vat.reverse_charge", "reverse charge (EU business buyer)")
	}
	return t
}

func itemText(it eracuni.Item, currency string) string {
	kind := tr("item.net", "net")
	if it.PriceIncludesVAT {
		kind = tr("item.gross", "incl. VAT")
	}
	qty := it.Quantity.String()
	if it.Unit != "" {
		qty += " " + it.Unit
	}
	return tr("item.line", "{{.description}} — {{.quantity}} × {{.price}} ({{.kind}}), VAT {{.rate}} %",
		"description", it.Description, "quantity", qty, "price", formatAmount(it.Price, currency),
		"kind", kind, "rate", it.VATRate.String())
}
