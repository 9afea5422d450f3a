package ui

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
)

// WHMCS's own order statuses; custom ones can be typed in.
var whmcsStatuses = []string{"Pending", "Active", "Completed", "Fraud", "Cancelled"}

// optionsFields asks where orders go in e-računi and which ones to import.
type optionsFields struct {
	g *gui

	warehouse, costCentre *widget.Entry
	statusMode            *widget.RadioGroup
	statuses              *widget.CheckGroup
	otherStatuses         *widget.Entry
	paidOnly              *widget.Check
	since                 *widget.Entry
	invoicePaid           *widget.Check
	pricesIncludeVAT      *widget.Check
	vatRate               *widget.Entry
	reverseCharge         *widget.Check
	paymentMethod         *widget.Select
	paymentMap            *widget.Entry
	documentLanguage      *widget.Select
	interval              *widget.Select
	form                  *widget.Form

	// The invoice import: WHMCS invoices that belong to no order.
	invoices         *widget.Check
	invoicesAs       *widget.RadioGroup
	invoicesUnpaid   *widget.Check
	invoicesSince    *widget.Entry
	invoicesAddFunds *widget.Check
	asInvoices       string
	asOrders         string

	modeDefault, modeChosen string
	languages               map[string]string // shown → stored
	intervals               map[string]time.Duration
}

func newOptionsFields(g *gui) *optionsFields {
	s := g.settings
	f := &optionsFields{g: g}
	f.warehouse = widget.NewEntry()
	f.warehouse.SetText(s.Warehouse)
	f.costCentre = widget.NewEntry()
	f.costCentre.SetText(s.CostCentre)
	since := s.Since
	if d := g.demo; d != nil && !s.SetupComplete {
		prefill(f.warehouse, d.Warehouse)
		prefill(f.costCentre, d.CostCentre)
		if d.Since != "" {
			since = d.Since
		}
	}

	f.modeDefault = tr("options.statuses.default", "All orders except fraud and cancelled (recommended)")
	f.modeChosen = tr("options.statuses.chosen", "Only orders with the statuses ticked below")
	f.statuses = widget.NewCheckGroup(whmcsStatuses, nil)
	f.statuses.Horizontal = true
	f.otherStatuses = widget.NewEntry()
	f.otherStatuses.SetPlaceHolder(tr("options.statuses.other", "Other statuses, separated by commas"))
	f.statusMode = widget.NewRadioGroup([]string{f.modeDefault, f.modeChosen}, func(string) { f.showStatusMode() })
	f.statusMode.Required = true
	if len(s.Statuses) == 0 {
		f.statusMode.SetSelected(f.modeDefault)
		f.statuses.SetSelected([]string{"Pending", "Active", "Completed"})
	} else {
		f.statusMode.SetSelected(f.modeChosen)
		var known, other []string
		for _, st := range s.Statuses {
			if contains(whmcsStatuses, st) {
				known = append(known, st)
			} else {
				other = append(other, st)
			}
		}
		f.statuses.SetSelected(known)
		f.otherStatuses.SetText(strings.Join(other, ", "))
	}
	f.showStatusMode()

	f.paidOnly = widget.NewCheck(tr("options.paid_only", "Only orders that are paid"), nil)
	f.paidOnly.SetChecked(s.PaidOnly)
	f.since = widget.NewEntry()
	f.since.SetText(since)
	f.since.SetPlaceHolder("2026-01-31")
	f.invoicePaid = widget.NewCheck(tr("options.invoice_paid", "For paid orders, also create the invoice (račun) from the sales order"), nil)
	f.invoicePaid.SetChecked(s.InvoicePaid)
	f.pricesIncludeVAT = widget.NewCheck(tr("options.prices_include_vat", "WHMCS prices include VAT"), nil)
	f.pricesIncludeVAT.SetChecked(s.PricesIncludeVAT)
	f.vatRate = widget.NewEntry()
	f.vatRate.SetText(s.VATRate.String())
	f.reverseCharge = widget.NewCheck(tr("options.reverse_charge", "EU business buyers with a VAT number: reverse charge (0 % VAT)"), nil)
	f.reverseCharge.SetChecked(s.ReverseChargeEU)
	f.paymentMethod = widget.NewSelect(eracuni.PaymentMethods, nil)
	f.paymentMethod.SetSelected(s.DefaultPaymentMethod)
	f.paymentMap = widget.NewMultiLineEntry()
	f.paymentMap.SetMinRowsVisible(3)
	f.paymentMap.SetText(paymentMapText(s.PaymentMethods))

	f.languages = map[string]string{
		tr("options.language.slovene", "Slovenian"): "Slovene",
		tr("options.language.english", "English"):   "English",
	}
	f.documentLanguage = widget.NewSelect(keysOf(f.languages), nil)
	for shown, stored := range f.languages {
		if stored == s.DocumentLanguage {
			f.documentLanguage.SetSelected(shown)
		}
	}
	f.intervals = map[string]time.Duration{}
	var intervalNames []string
	for _, d := range engine.Intervals {
		name := intervalText(d)
		f.intervals[name] = d
		intervalNames = append(intervalNames, name)
	}
	if _, ok := f.intervals[intervalText(s.Interval)]; !ok {
		// Set from the command line to a value the list does not offer:
		// keep it selectable so saving other settings does not change it.
		f.intervals[intervalText(s.Interval)] = s.Interval
		intervalNames = append(intervalNames, intervalText(s.Interval))
	}
	f.interval = widget.NewSelect(intervalNames, nil)
	f.interval.SetSelected(intervalText(s.Interval))
	if g.demo != nil && !s.SetupComplete {
		// New demo orders arrive every minute; let the schedule be seen.
		f.interval.SetSelected(intervalText(15 * time.Minute))
	}

	f.asInvoices = tr("options.invoices_as.invoices", "As sales invoices (računi)")
	f.asOrders = tr("options.invoices_as.orders", "As sales orders (naročila)")
	f.invoices = widget.NewCheck(tr("options.invoices_import", "Also import WHMCS invoices that belong to no order (renewals, manual invoices)"),
		func(bool) { f.showInvoiceOptions() })
	f.invoicesAs = widget.NewRadioGroup([]string{f.asInvoices, f.asOrders}, nil)
	f.invoicesAs.Required = true
	f.invoicesAs.SetSelected(f.asInvoices)
	if s.Invoices.AsSalesOrders {
		f.invoicesAs.SetSelected(f.asOrders)
	}
	f.invoicesUnpaid = widget.NewCheck(tr("options.invoices_unpaid", "Also unpaid invoices"), nil)
	f.invoicesUnpaid.SetChecked(s.Invoices.IncludeUnpaid)
	f.invoicesSince = widget.NewEntry()
	f.invoicesSince.SetText(s.Invoices.Since)
	f.invoicesSince.SetPlaceHolder(tr("options.invoices_since.placeholder", "Same as the start date"))
	f.invoicesAddFunds = widget.NewCheck(tr("options.invoices_add_funds", "Also add-funds invoices (deposits to a client's credit)"), nil)
	f.invoicesAddFunds.SetChecked(s.Invoices.IncludeAddFunds)
	f.invoices.SetChecked(s.Invoices.Enabled)
	f.showInvoiceOptions()

	f.form = widget.NewForm(
		&widget.FormItem{Text: tr("options.warehouse", "Warehouse (skladišče)"), Widget: f.warehouse,
			HintText: tr("options.warehouse.hint", "Code of the e-računi warehouse the orders go to; empty uses e-računi's default")},
		&widget.FormItem{Text: tr("options.cost_centre", "Cost centre (stroškovno mesto)"), Widget: f.costCentre,
			HintText: tr("options.cost_centre.hint", "Code of the cost centre; empty for none")},
		&widget.FormItem{Text: tr("options.statuses", "Which orders"), Widget: container.NewVBox(f.statusMode, f.statuses, f.otherStatuses)},
		&widget.FormItem{Text: "", Widget: f.paidOnly,
			HintText: tr("options.paid_only.hint", "Unpaid orders are looked at again on every run until they are paid")},
		&widget.FormItem{Text: tr("options.since", "Start date"), Widget: f.since,
			HintText: tr("options.since.hint", "Orders before this date (YYYY-MM-DD) are never imported")},
		&widget.FormItem{Text: tr("options.invoices", "Invoices"), Widget: f.invoicePaid,
			HintText: tr("options.invoice_paid.hint", "Issued invoices go to tax confirmation (davčno potrjevanje) in e-računi")},
		&widget.FormItem{Text: tr("options.renewals", "Renewal invoices"), Widget: f.invoices,
			HintText: tr("options.invoices_import.hint", "Automatic renewals of hosting and domains make invoices, not orders: often most of the revenue. An order's own invoice is never imported a second time.")},
		&widget.FormItem{Text: "", Widget: f.invoicesAs,
			HintText: tr("options.invoices_as.hint", "Sales invoices go to tax confirmation (davčno potrjevanje) in e-računi; choose sales orders to issue the invoices yourself")},
		&widget.FormItem{Text: "", Widget: f.invoicesUnpaid,
			HintText: tr("options.invoices_unpaid.hint", "Otherwise an unpaid invoice is looked at again on every run until it is paid")},
		&widget.FormItem{Text: tr("options.invoices_since", "Invoices from"), Widget: f.invoicesSince,
			HintText: tr("options.invoices_since.hint", "Invoices dated before this (YYYY-MM-DD) are never imported; empty uses the start date above")},
		&widget.FormItem{Text: "", Widget: f.invoicesAddFunds,
			HintText: tr("options.invoices_add_funds.hint", "Usually off: a deposit is not a sale, and the invoices paid from the credit are imported anyway. Mass payments are never imported, since the invoices they pay are.")},
		&widget.FormItem{Text: tr("options.vat", "VAT"), Widget: container.NewVBox(f.pricesIncludeVAT, f.reverseCharge)},
		&widget.FormItem{Text: tr("options.vat_rate", "VAT rate (%)"), Widget: f.vatRate,
			HintText: tr("options.vat_rate.hint", "Used for every item; 22 is Slovenia's general rate")},
		&widget.FormItem{Text: tr("options.payment_method", "Payment method"), Widget: f.paymentMethod,
			HintText: tr("options.payment_method.hint", "Used when a WHMCS gateway is not listed below")},
		&widget.FormItem{Text: tr("options.payment_map", "Gateways"), Widget: f.paymentMap,
			HintText: tr("options.payment_map.hint", "One per line: WHMCS gateway = e-računi payment method")},
		&widget.FormItem{Text: tr("options.document_language", "Document language"), Widget: f.documentLanguage},
		&widget.FormItem{Text: tr("options.interval", "Automatic sync"), Widget: f.interval,
			HintText: tr("options.interval.hint", "While the app runs (also from the tray)")},
	)
	return f
}

func (f *optionsFields) showStatusMode() {
	if f.statuses == nil || f.otherStatuses == nil {
		return
	}
	if f.statusMode.Selected == f.modeChosen {
		f.statuses.Enable()
		f.otherStatuses.Enable()
	} else {
		f.statuses.Disable()
		f.otherStatuses.Disable()
	}
}

// showInvoiceOptions offers the invoice import's own options only while it
// is on.
func (f *optionsFields) showInvoiceOptions() {
	if f.invoicesAs == nil || f.invoicesUnpaid == nil || f.invoicesSince == nil || f.invoicesAddFunds == nil {
		return
	}
	for _, w := range []fyne.Disableable{f.invoicesAs, f.invoicesUnpaid, f.invoicesSince, f.invoicesAddFunds} {
		if f.invoices.Checked {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func (f *optionsFields) content() fyne.CanvasObject { return f.form }

// salesInvoices says whether renewal invoices are to become sales invoices
// in e-računi (the import is on, and not as sales orders).
func (f *optionsFields) salesInvoices() bool {
	return f.invoices != nil && f.invoices.Checked && f.invoicesAs != nil && f.invoicesAs.Selected != f.asOrders
}

// apply checks the values and copies them into s; the error says, in the
// user's language, what to correct.
func (f *optionsFields) apply(s *store.Settings) error {
	var problems []string
	since := strings.TrimSpace(f.since.Text)
	if since != "" {
		if _, err := time.Parse(time.DateOnly, since); err != nil {
			problems = append(problems, tr("options.since.invalid", "The start date \"{{.value}}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31.", "value", since))
		}
	}
	invoicesSince := strings.TrimSpace(f.invoicesSince.Text)
	if invoicesSince != "" {
		if _, err := time.Parse(time.DateOnly, invoicesSince); err != nil {
			problems = append(problems, tr("options.invoices_since.invalid", "The invoices' start date \"{{.value}}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31.", "value", invoicesSince))
		}
	}
	rate, err := decimal.NewFromString(strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(f.vatRate.Text, ",", ".")), "%"))
	if err != nil || rate.IsNegative() || rate.GreaterThan(decimal.NewFromInt(100)) {
		problems = append(problems, tr("options.vat_rate.invalid", "The VAT rate \"{{.value}}\" is not a percentage between 0 and 100.", "value", f.vatRate.Text))
	}
	methods, bad := parsePaymentMap(f.paymentMap.Text)
	if bad != "" {
		problems = append(problems, tr("options.payment_map.invalid", "The gateway line \"{{.line}}\" needs the form gateway = method, e.g. banktransfer = BankTransfer.", "line", bad))
	}
	var statuses []string
	if f.statusMode.Selected == f.modeChosen {
		statuses = append(statuses, f.statuses.Selected...)
		for _, st := range strings.Split(f.otherStatuses.Text, ",") {
			if st = strings.TrimSpace(st); st != "" {
				statuses = append(statuses, st)
			}
		}
		if len(statuses) == 0 {
			problems = append(problems, tr("options.statuses.none", "Tick at least one order status, or choose all orders."))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	s.Warehouse = strings.TrimSpace(f.warehouse.Text)
	s.CostCentre = strings.TrimSpace(f.costCentre.Text)
	s.Statuses = statuses
	s.PaidOnly = f.paidOnly.Checked
	s.Since = since
	s.InvoicePaid = f.invoicePaid.Checked
	s.PricesIncludeVAT = f.pricesIncludeVAT.Checked
	s.VATRate = rate
	s.ReverseChargeEU = f.reverseCharge.Checked
	s.DefaultPaymentMethod = f.paymentMethod.Selected
	s.PaymentMethods = methods
	if l, ok := f.languages[f.documentLanguage.Selected]; ok {
		s.DocumentLanguage = l
	}
	if d, ok := f.intervals[f.interval.Selected]; ok {
		s.Interval = d
	}
	s.Invoices = store.InvoiceImport{
		Enabled:         f.invoices.Checked,
		AsSalesOrders:   f.invoicesAs.Selected == f.asOrders,
		IncludeUnpaid:   f.invoicesUnpaid.Checked,
		Since:           invoicesSince,
		IncludeAddFunds: f.invoicesAddFunds.Checked,
	}
	return nil
}

// invoicesSummary says in one line what the invoice import does.
func (f *optionsFields) invoicesSummary(s store.Settings) string {
	i := s.Invoices
	if !i.Enabled {
		return tr("options.summary.renewals_off", "Not imported")
	}
	as := f.asInvoices
	if i.AsSalesOrders {
		as = f.asOrders
	}
	which := tr("options.summary.renewals_paid", "paid only")
	if i.IncludeUnpaid {
		which = tr("options.summary.renewals_unpaid", "paid and unpaid")
	}
	since := i.Since
	if since == "" {
		since = s.Since
	}
	line := as + ", " + which
	if since != "" {
		line += ", " + tr("options.summary.renewals_since", "from {{.date}}", "date", since)
	}
	if i.IncludeAddFunds {
		line += ", " + tr("options.summary.renewals_add_funds", "add funds too")
	}
	return line
}

// summary lists the chosen options for the wizard's last step.
func (f *optionsFields) summary(s store.Settings) []string {
	which := f.modeDefault
	if len(s.Statuses) > 0 {
		which = tr("options.summary.statuses", "Orders with status {{.statuses}}", "statuses", strings.Join(s.Statuses, ", "))
	}
	if s.PaidOnly {
		which += " · " + tr("options.summary.paid_only", "paid only")
	}
	none := tr("options.summary.none", "(e-računi's default)")
	or := func(v string) string {
		if v == "" {
			return none
		}
		return v
	}
	invoices := tr("options.summary.no_invoices", "Sales orders only")
	if s.InvoicePaid {
		invoices = tr("options.summary.invoices", "Sales orders, and invoices for paid orders")
	}
	return []string{
		tr("options.warehouse", "Warehouse (skladišče)") + ": " + or(s.Warehouse),
		tr("options.cost_centre", "Cost centre (stroškovno mesto)") + ": " + or(s.CostCentre),
		tr("options.statuses", "Which orders") + ": " + which,
		tr("options.since", "Start date") + ": " + or(s.Since),
		tr("options.invoices", "Invoices") + ": " + invoices,
		tr("options.renewals", "Renewal invoices") + ": " + f.invoicesSummary(s),
		tr("options.vat_rate", "VAT rate (%)") + ": " + s.VATRate.String(),
		tr("options.interval", "Automatic sync") + ": " + intervalText(s.Interval),
	}
}

func intervalText(d time.Duration) string {
	switch {
	case d <= 0:
		return tr("interval.off", "Off")
	case d == 24*time.Hour:
		return tr("interval.daily", "Daily")
	case d < time.Hour || d%time.Hour != 0:
		return tr("interval.minutes", "Every {{.n}} minutes", "n", strconv.Itoa(int(d/time.Minute)))
	case d == time.Hour:
		return tr("interval.hour", "Every hour")
	default:
		return tr("interval.hours", "Every {{.n}} hours", "n", strconv.Itoa(int(d/time.Hour)))
	}
}

func paymentMapText(m map[string]string) string {
	keys := keysOf(m)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%s = %s", k, m[k]))
	}
	return strings.Join(lines, "\n")
}

// parsePaymentMap reads "gateway = method" lines; bad is the first line
// that does not have that form.
func parsePaymentMap(text string) (map[string]string, string) {
	m := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, line
		}
		m[k] = v
	}
	return m, ""
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
