package whmcstest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

const malformedUTF8Message = "Error generating JSON encoded response: Malformed UTF-8 characters, possibly incorrectly encoded"

// knownActions maps WHMCS's lowercased action names to their documented
// spelling, for hooks and counters.
var knownActions = map[string]string{
	"getorders": "GetOrders", "getclientsdetails": "GetClientsDetails", "getinvoice": "GetInvoice",
	"getinvoices": "GetInvoices",
}

// structured actions default to XML and refuse NVP (notes §1.6).
var structuredActions = map[string]bool{
	"getorders": true, "getorderstatuses": true, "getinvoice": true, "getinvoices": true,
	"getcurrencies": true, "getpaymentmethods": true, "getproducts": true, "getclients": true, "gettransactions": true,
}

// normalizeAction is WHMCS's ActionFilter: lowercase, keep [0-9a-z], map
// legacy aliases.
func normalizeAction(a string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(a) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	switch s := b.String(); s {
	case "adduser":
		return "addclient"
	case "getclientsdata", "getclientsdatabyemail":
		return "getclientsdetails"
	default:
		return s
	}
}

func errorBody(msg string) obj {
	return obj{}.set("result", "error").set("message", msg)
}

// serve answers one API request from ip: status, body, content type.
func (s *Shop) serve(form url.Values, ip string) (int, []byte, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	action := normalizeAction(form.Get("action"))
	if action == "" {
		return jsonAnswer(400, errorBody("Empty action request"))
	}
	if status, msg := s.authorize(form, ip, action); msg != "" {
		return jsonAnswer(status, errorBody(msg))
	}
	t := typing{allStrings: s.allStrings}
	var out obj
	switch action {
	case "getorders":
		out = s.getOrders(form, t)
	case "getclientsdetails":
		out = s.getClientsDetails(form, t)
	case "getinvoice":
		out = s.getInvoice(form, t)
	case "getinvoices":
		out = s.getInvoices(form, t)
	default:
		return jsonAnswer(unknownActionStatus, errorBody(fmt.Sprintf(unknownActionMessage, action)))
	}
	body, ok := encode(out)
	if !ok {
		return jsonAnswer(200, errorBody(malformedUTF8Message))
	}
	switch rt := strings.ToLower(form.Get("responsetype")); {
	case rt == "json":
		return 200, body, "application/json"
	case rt == "xml" || (rt == "" && structuredActions[action]):
		return 200, xmlBody(action, out), "text/xml"
	case rt == "nvp" && structuredActions[action]:
		return jsonAnswer(200, errorBody("This API action only supports the XML or JSON response type formats"))
	case rt == "nvp" || rt == "":
		return 200, nvpBody(out), "text/plain"
	default:
		return jsonAnswer(200, errorBody(fmt.Sprintf(`Unsupported API response type format "%s". Supported formats include: json, xml, nvp`, rt)))
	}
}

func jsonAnswer(status int, o obj) (int, []byte, string) {
	b, _ := encode(o)
	return status, b, "application/json"
}

// authorize runs WHMCS's access checks in the order guessed in quirks.go.
func (s *Shop) authorize(form url.Values, ip, action string) (int, string) {
	now := s.now()
	if until, ok := s.bans[ip]; ok {
		if now.Before(until) {
			return 403, "IP Banned"
		}
		delete(s.bans, ip)
	}
	ipOK := s.allowedIPs[ip]
	if key := form.Get("accesskey"); s.accessKey != "" && key != "" {
		if key != s.accessKey {
			return 403, "Invalid Access Key"
		}
		ipOK = true
	}
	if !ipOK {
		return statusInvalidIP, "Invalid IP " + ip
	}
	var cred credential
	if id := form.Get("identifier"); id != "" {
		c, ok := s.creds[id]
		if !ok || form.Get("secret") == "" {
			return 403, "Invalid or missing credentials"
		}
		if form.Get("secret") != c.secret {
			s.failedLogin(ip, now)
			return 403, "Authentication Failed"
		}
		cred = c
	} else {
		// Legacy fields carrying an identifier/secret pair; admin logins
		// (username + MD5 password) are not modelled and always fail.
		c, ok := s.creds[form.Get("username")]
		if !ok || form.Get("username") == "" || form.Get("password") != c.secret {
			s.failedLogin(ip, now)
			return 403, "Authentication Failed"
		}
		cred = c
	}
	if len(cred.actions) > 0 && !cred.actions[action] {
		return 403, fmt.Sprintf(`Invalid Permissions: API action "%s" is not allowed`, action)
	}
	return 0, ""
}

func (s *Shop) failedLogin(ip string, now time.Time) {
	s.failures[ip]++
	if s.failures[ip] >= failedLoginsBeforeBan {
		s.bans[ip] = now.Add(banLength)
		delete(s.failures, ip)
	}
}

// phpInt reads a parameter as PHP's (int) cast does: leading digits, else 0.
func phpInt(s string) int64 {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || (end == 0 && s[end] == '-')) {
		end++
	}
	n, _ := strconv.ParseInt(s[:end], 10, 64)
	return n
}

func (s *Shop) getOrders(form url.Values, t typing) obj {
	id, userid, requestor := phpInt(form.Get("id")), phpInt(form.Get("userid")), phpInt(form.Get("requestor_id"))
	status := form.Get("status")
	var match []Order
	for _, o := range s.sortedOrders() {
		if (id != 0 && o.ID != id) || (userid != 0 && o.ClientID != userid) || (requestor != 0 && o.ClientID != requestor) {
			continue
		}
		if status != "" && !strings.EqualFold(o.Status, status) {
			continue
		}
		match = append(match, o)
	}
	start, num := int(max(phpInt(form.Get("limitstart")), 0)), int(phpInt(form.Get("limitnum")))
	if num <= 0 {
		num = 25
	}
	var page []Order
	if start < len(match) {
		page = match[start:min(start+num, len(match))]
	}
	out := obj{}.set("result", "success").set("totalresults", t.int(int64(len(match))))
	if form.Has("limitstart") {
		out = out.set("startnumber", form.Get("limitstart"))
	} else {
		out = out.set("startnumber", t.int(0))
	}
	out = out.set("numreturned", t.int(int64(len(page))))
	if len(page) > 0 {
		list := make([]any, 0, len(page))
		for _, o := range page {
			list = append(list, s.renderOrder(o, t))
		}
		out = out.set("orders", obj{}.set("order", list))
	}
	return out
}

func (s *Shop) renderOrder(o Order, t typing) obj {
	var name, paymentStatus, gatewayName any
	if c, ok := s.clients[o.ClientID]; ok {
		name = c.FirstName + " " + c.LastName
	}
	if inv, ok := s.invoices[o.InvoiceID]; ok && o.InvoiceID != 0 {
		paymentStatus = inv.Status
	}
	if g, ok := s.gateways[o.PaymentMethod]; ok {
		gatewayName = g
	}
	cur := s.currencyOf(o.ClientID)
	out := obj{}.
		set("id", t.int(o.ID)).set("ordernum", t.int(o.OrderNum)).set("userid", t.int(o.ClientID)).
		set("contactid", t.int(0)).set("requestor_id", t.int(o.ClientID)).set("admin_requestor_id", t.int(0)).
		set("date", o.Date.Format("2006-01-02 15:04:05")).
		set("nameservers", "").set("transfersecret", "").set("renewals", "")
	if !t.allStrings {
		out = out.set("renewalsByType", obj{}.set("domains", []any{}).set("services", []any{}).set("addons", []any{}))
	}
	out = out.set("promocode", o.PromoCode).set("promotype", o.PromoType).set("promovalue", o.PromoValue).
		set("orderdata", "[]").set("amount", o.Amount.StringFixed(2)).set("paymentmethod", o.PaymentMethod).
		set("invoiceid", t.int(o.InvoiceID)).set("status", o.Status).set("ipaddress", o.IPAddress).
		set("fraudmodule", "").set("fraudoutput", "").set("notes", o.Notes).
		set("paymentmethodname", gatewayName).set("paymentstatus", paymentStatus).set("name", name).
		set("currencyprefix", cur.Prefix).set("currencysuffix", cur.Suffix).
		set("frauddata", "").set("validationdata", "")
	if len(o.Items) == 0 {
		return out.set("lineitems", []any{})
	}
	items := make([]any, 0, len(o.Items))
	for _, it := range o.Items {
		status := it.Status
		if status == "" {
			status = itemStatus(o.Status)
		}
		li := obj{}.set("type", it.Type).set("relid", t.int(it.RelID)).set("producttype", it.ProductType).
			set("product", it.Product).set("domain", it.Domain)
		if it.Type == "domain" {
			li = li.set("billingcycle", t.int(max(phpInt(it.BillingCycle), 1)))
		} else {
			li = li.set("billingcycle", it.BillingCycle)
		}
		li = li.set("amount", formatPrice(it.Amount, cur)).set("status", status)
		if it.Type == "domain" {
			li = li.set("dnsmanagement", t.flag(false)).set("emailforwarding", t.flag(false)).set("idprotection", t.flag(false))
		}
		items = append(items, li)
	}
	return out.set("lineitems", obj{}.set("lineitem", items))
}

func itemStatus(orderStatus string) string {
	switch orderStatus {
	case "Active", "Cancelled", "Fraud":
		return orderStatus
	}
	return "Pending"
}

var countryNames = map[string]string{
	"SI": "Slovenia", "HR": "Croatia", "AT": "Austria", "DE": "Germany", "IT": "Italy", "US": "United States",
	"FR": "France", "HU": "Hungary", "CZ": "Czech Republic", "PL": "Poland", "GB": "United Kingdom",
}

func (s *Shop) getClientsDetails(form url.Values, t typing) obj {
	id, email := phpInt(form.Get("clientid")), strings.TrimSpace(form.Get("email"))
	if id == 0 && email == "" {
		return errorBody("Either clientid Or email Is Required")
	}
	var c *Client
	if id != 0 {
		c = s.clients[id]
	} else {
		for _, x := range s.clients {
			if strings.EqualFold(x.Email, email) {
				c = x
				break
			}
		}
	}
	if c == nil {
		return errorBody("Client Not Found")
	}
	fields := s.clientFields(c, t)
	out := append(obj{}.set("result", "success"), fields...)
	out = out.set("client", fields)
	if form.Get("stats") != "" {
		out = out.set("stats", s.clientStats(c, t))
	}
	return out
}

func (s *Shop) clientFields(c *Client, t typing) obj {
	cur := s.currencyOf(c.ID)
	phoneFmt := ""
	if c.PhoneNumber != "" {
		phoneFmt = "+" + c.PhoneCC + "." + c.PhoneNumber
	}
	full := c.FirstName + " " + c.LastName
	prefs := obj{}.set("general", "1").set("invoice", "1").set("support", "1").set("product", "1").set("domain", "1").set("affiliate", "1")
	out := obj{}.
		set("client_id", t.int(c.ID)).set("owner_user_id", t.int(c.ID)).set("userid", t.int(c.ID)).set("id", t.int(c.ID)).
		set("uuid", fmt.Sprintf("5f2c1d7e-3a0b-4c2e-9d51-%012d", c.ID)).
		set("firstname", c.FirstName).set("lastname", c.LastName).set("fullname", full).
		set("companyname", c.CompanyName).set("email", c.Email).
		set("address1", c.Address1).set("address2", c.Address2).set("city", c.City).
		set("fullstate", c.State).set("state", c.State).set("postcode", c.PostCode).
		set("countrycode", c.Country).set("country", c.Country).set("phonenumber", c.PhoneNumber).
		set("tax_id", c.TaxID).set("email_preferences", prefs).set("statecode", c.State).
		set("countryname", countryNames[c.Country]).set("phonecc", t.int(phpInt(c.PhoneCC))).
		set("phonenumberformatted", phoneFmt).set("telephoneNumber", phoneFmt).
		set("billingcid", t.int(0)).set("notes", "").set("currency", t.int(cur.ID)).
		set("defaultgateway", "").set("groupid", t.int(0)).set("status", c.Status).set("credit", "0.00").
		set("taxexempt", t.bool(c.TaxExempt)).set("latefeeoveride", t.bool(false)).
		set("overideduenotices", t.bool(false)).set("separateinvoices", t.bool(false)).
		set("disableautocc", t.bool(false)).set("emailoptout", t.bool(false)).
		set("marketing_emails_opt_in", t.bool(false)).set("overrideautoclose", t.bool(false)).
		set("allowSingleSignOn", t.flag(true)).set("email_verified", t.bool(true)).
		set("language", c.Language).set("isOptedInToMarketingEmails", t.bool(false)).
		set("lastlogin", "Date: 18/03/2024 09:40<br>IP Address: 203.0.113.24<br>Host: 203.0.113.24").
		set("currency_code", cur.Code).set("customfields", []any{})
	if !t.allStrings {
		out = out.set("users", obj{}.set("user", []any{obj{}.set("id", t.int(c.ID)).set("name", full).
			set("email", c.Email).set("is_owner", true)}))
	}
	return out
}

func (s *Shop) clientStats(c *Client, t typing) obj {
	cur := s.currencyOf(c.ID)
	var nPaid, nUnpaid int64
	paid, unpaid := decimal.Zero, decimal.Zero
	for _, inv := range s.invoices {
		if inv.ClientID != c.ID {
			continue
		}
		switch inv.Status {
		case "Paid":
			nPaid++
			paid = paid.Add(inv.Total)
		case "Unpaid":
			nUnpaid++
			unpaid = unpaid.Add(inv.Total)
		}
	}
	return obj{}.set("numdueinvoices", t.int(nUnpaid)).set("dueinvoicesbalance", formatPrice(unpaid, cur)).
		set("incredit", t.bool(false)).set("creditbalance", formatPrice(decimal.Zero, cur)).
		set("numunpaidinvoices", t.int(nUnpaid)).set("unpaidinvoicesamount", formatPrice(unpaid, cur)).
		set("numpaidinvoices", t.int(nPaid)).set("paidinvoicesamount", formatPrice(paid, cur)).
		set("isAffiliate", t.bool(false))
}

const zeroDateTime = "0000-00-00 00:00:00"

func (s *Shop) getInvoice(form url.Values, t typing) obj {
	inv, ok := s.invoices[phpInt(form.Get("invoiceid"))]
	if !ok {
		// The one error with "status" instead of "result" (notes §1.7).
		return obj{}.set("status", "error").set("message", "Invoice ID Not Found")
	}
	datePaid := zeroDateTime
	if !inv.DatePaid.IsZero() {
		datePaid = inv.DatePaid.Format("2006-01-02 15:04:05")
	}
	out := obj{}.set("result", "success").set("invoiceid", t.int(inv.ID)).set("invoicenum", inv.Number).
		set("userid", t.int(inv.ClientID)).set("date", inv.Date.Format("2006-01-02")).
		set("duedate", inv.DueDate.Format("2006-01-02")).set("datepaid", datePaid).
		set("lastcaptureattempt", zeroDateTime).
		set("subtotal", inv.Subtotal.StringFixed(2)).set("credit", inv.Credit.StringFixed(2)).
		set("tax", inv.Tax.StringFixed(2)).set("tax2", inv.Tax2.StringFixed(2)).
		set("total", inv.Total.StringFixed(2)).set("balance", inv.Balance().StringFixed(2)).
		set("taxrate", inv.TaxRate.StringFixed(3)).set("taxrate2", inv.TaxRate2.StringFixed(3)).
		set("status", inv.Status).set("paymentmethod", inv.PaymentMethod).set("notes", inv.Notes).
		set("ccgateway", t.bool(inv.PaymentMethod == "stripe"))
	if len(inv.Items) > 0 {
		items := make([]any, 0, len(inv.Items))
		for _, it := range inv.Items {
			items = append(items, obj{}.set("id", t.int(it.ID)).set("type", it.Type).set("relid", t.int(it.RelID)).
				set("description", it.Description).set("amount", it.Amount.StringFixed(2)).set("taxed", t.flag(it.Taxed)))
		}
		out = out.set("items", obj{}.set("item", items))
	}
	if len(inv.Transactions) == 0 {
		return out.set("transactions", "")
	}
	txs := make([]any, 0, len(inv.Transactions))
	for _, tx := range inv.Transactions {
		desc := "Invoice Payment"
		if tx.AmountOut.IsPositive() {
			desc = "Refund of Transaction ID"
		}
		txs = append(txs, obj{}.set("id", t.int(tx.ID)).set("userid", t.int(inv.ClientID)).set("currency", t.int(0)).
			set("gateway", tx.Gateway).set("date", tx.Date.Format("2006-01-02 15:04:05")).set("description", desc).
			set("amountin", tx.AmountIn.StringFixed(2)).set("fees", "0.00").set("amountout", tx.AmountOut.StringFixed(2)).
			set("rate", "1.00000").set("transid", tx.TransID).set("invoiceid", t.int(inv.ID)).set("refundid", t.int(0)))
	}
	return out.set("transactions", obj{}.set("transaction", txs))
}
