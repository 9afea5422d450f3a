package whmcstest

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Demo credentials, present in every new Shop with all actions allowed.
const (
	DemoIdentifier = "demo-identifier"
	DemoSecret     = "demo-secret"
)

// Currency is a WHMCS currency. Format is WHMCS's number format:
// 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234.
type Currency struct {
	ID     int64
	Code   string
	Prefix string
	Suffix string
	Format int
}

// Client is a WHMCS client as stored. Text is stored as WHMCS stores it,
// so a company typed as "A & B" is "A &amp; B" here.
type Client struct {
	ID          int64 // 0 in AddClient: assigned
	FirstName   string
	LastName    string
	CompanyName string
	Email       string
	Address1    string
	Address2    string
	City        string
	State       string
	PostCode    string
	Country     string // ISO alpha-2
	PhoneCC     string // "386"
	PhoneNumber string // digits, "41234567"
	TaxID       string
	Currency    string // ISO code; "" is the default currency (EUR)
	TaxExempt   bool
	Language    string
	Status      string // "" is Active
}

// Item is one order line item (the GetOrders lineitem) as stored.
type Item struct {
	Type         string // "product", "addon" or "domain"
	RelID        int64  // service, addon or domain id; 0 in AddOrder: assigned
	ProductType  string // "" takes the default for Type
	Product      string // "Shared Hosting - Business", addon name, or "Register"/"Transfer"
	Domain       string
	BillingCycle string // "Monthly", "Annually", …; for domains the years, "1"
	Amount       decimal.Decimal
	Status       string // "" follows the order status
}

// Order is a stored order. Amount follows the money model in the package doc.
type Order struct {
	ID            int64
	OrderNum      int64
	ClientID      int64
	Date          time.Time // wall clock of the WHMCS server
	Status        string
	PaymentMethod string
	Amount        decimal.Decimal
	InvoiceID     int64
	PromoCode     string
	PromoType     string
	PromoValue    string
	Notes         string
	IPAddress     string
	Items         []Item
}

// Invoice is a stored invoice.
type Invoice struct {
	ID            int64
	Number        string // "" until paid (sequential paid numbering)
	ClientID      int64
	Date          time.Time
	DueDate       time.Time
	DatePaid      time.Time // zero until paid
	DateRefunded  time.Time // zero unless refunded
	DateCancelled time.Time // zero unless cancelled
	Subtotal      decimal.Decimal
	Credit        decimal.Decimal
	Tax           decimal.Decimal
	Tax2          decimal.Decimal
	Total         decimal.Decimal
	TaxRate       decimal.Decimal
	TaxRate2      decimal.Decimal
	Status        string
	PaymentMethod string
	Notes         string
	Items         []InvoiceItem
	Transactions  []Transaction
}

// Balance is what is still owed: total minus net payments.
func (inv Invoice) Balance() decimal.Decimal {
	paid := decimal.Zero
	for _, t := range inv.Transactions {
		paid = paid.Add(t.AmountIn).Sub(t.AmountOut)
	}
	return inv.Total.Sub(paid)
}

// InvoiceItem is one invoice line.
type InvoiceItem struct {
	ID          int64
	Type        string
	RelID       int64
	Description string
	Amount      decimal.Decimal
	Taxed       bool
}

// Transaction is a payment (AmountIn) or refund (AmountOut) of an invoice.
type Transaction struct {
	ID        int64
	Date      time.Time
	Gateway   string
	AmountIn  decimal.Decimal
	AmountOut decimal.Decimal
	TransID   string
}

type credential struct {
	secret  string
	actions map[string]bool // lowercase; empty = all
}

// Shop is the data of one WHMCS installation. It is safe for concurrent use.
type Shop struct {
	// Now is the clock for bans and for SetInvoiceStatus; nil is time.Now.
	// Set it before serving, or use SetClock while a server runs.
	Now func() time.Time

	mu          sync.Mutex
	clients     map[int64]*Client
	orders      map[int64]*Order
	invoices    map[int64]*Invoice
	currencies  []Currency
	gateways    map[string]string
	taxRates    map[string]decimal.Decimal
	creds       map[string]credential
	allowedIPs  map[string]bool
	accessKey   string
	failures    map[string]int
	bans        map[string]time.Time
	allStrings  bool
	inclusive   bool
	perLine     bool
	nextClient  int64
	nextOrder   int64
	nextInvoice int64
	nextItem    int64
	nextTrans   int64
	nextRel     map[string]int64
	paidSeq     map[int]int
}

// NewShop returns an empty shop with EUR (default) and USD, three payment
// gateways, EU tax rates, the demo credential, and 127.0.0.1 and ::1 on the
// API IP allow-list.
func NewShop() *Shop {
	s := &Shop{
		clients:  map[int64]*Client{},
		orders:   map[int64]*Order{},
		invoices: map[int64]*Invoice{},
		currencies: []Currency{
			{ID: 1, Code: "EUR", Prefix: "€", Suffix: " EUR", Format: 1},
			{ID: 2, Code: "USD", Prefix: "$", Suffix: " USD", Format: 2},
		},
		gateways:   map[string]string{"banktransfer": "Bank Transfer", "stripe": "Credit Card", "paypal": "PayPal"},
		taxRates:   map[string]decimal.Decimal{},
		creds:      map[string]credential{},
		allowedIPs: map[string]bool{"127.0.0.1": true, "::1": true},
		failures:   map[string]int{},
		bans:       map[string]time.Time{},
		nextClient: 1, nextOrder: 1, nextInvoice: 1001, nextItem: 1, nextTrans: 1,
		nextRel: map[string]int64{},
		paidSeq: map[int]int{},
	}
	for c, r := range map[string]string{"SI": "22", "HR": "25", "AT": "20", "DE": "19", "IT": "22",
		"FR": "20", "HU": "27", "CZ": "21", "PL": "23", "SK": "23", "NL": "21", "BE": "21", "ES": "21"} {
		s.taxRates[c] = decimal.RequireFromString(r)
	}
	s.creds[DemoIdentifier] = credential{secret: DemoSecret}
	return s
}

func (s *Shop) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// SetClock replaces Now safely while a server runs.
func (s *Shop) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Now = now
}

// AddCredential adds (or replaces) an API credential. actions are the API
// actions its role allows, stored lowercased as WHMCS does; none means all.
func (s *Shop) AddCredential(identifier, secret string, actions ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := credential{secret: secret, actions: map[string]bool{}}
	for _, a := range actions {
		c.actions[normalizeAction(a)] = true
	}
	s.creds[identifier] = c
}

// RemoveCredential deletes a credential, e.g. the demo one.
func (s *Shop) RemoveCredential(identifier string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.creds, identifier)
}

// SetAllowedIPs replaces the API IP allow-list (exact match, no CIDR).
// No IPs means every call without a valid access key fails.
func (s *Shop) SetAllowedIPs(ips ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.allowedIPs = map[string]bool{}
	for _, ip := range ips {
		s.allowedIPs[ip] = true
	}
}

// SetAccessKey sets $api_access_key; "" turns it off.
func (s *Shop) SetAccessKey(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accessKey = k
}

// SetAllStrings switches to WHMCS 7.x output: every number a string,
// booleans "1"/"".
func (s *Shop) SetAllStrings(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.allStrings = on
}

// Banned reports whether ip is banned now.
func (s *Shop) Banned(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.bans[ip]
	return ok && s.now().Before(until)
}

// Unban lifts a ban, as removing it under Banned IPs would.
func (s *Shop) Unban(ip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.bans, ip)
	delete(s.failures, ip)
}

// AddCurrency adds a currency or replaces the one with the same code.
func (s *Shop) AddCurrency(c Currency) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Code = strings.ToUpper(c.Code)
	for i, old := range s.currencies {
		if old.Code == c.Code {
			c.ID = old.ID
			s.currencies[i] = c
			return
		}
	}
	c.ID = int64(len(s.currencies) + 1)
	s.currencies = append(s.currencies, c)
}

// SetTaxRate sets the tax rule (percent) for a country; zero removes it.
func (s *Shop) SetTaxRate(country string, percent decimal.Decimal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if percent.IsZero() {
		delete(s.taxRates, strings.ToUpper(country))
		return
	}
	s.taxRates[strings.ToUpper(country)] = percent
}

// AddClient stores c and returns its id (c.ID if set, else the next one).
func (s *Shop) AddClient(c Client) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID == 0 {
		c.ID = s.nextClient
	}
	if c.ID >= s.nextClient {
		s.nextClient = c.ID + 1
	}
	if c.Status == "" {
		c.Status = "Active"
	}
	s.clients[c.ID] = &c
	return c.ID
}

// DeleteClient removes a client; its orders then show name null, as in WHMCS.
func (s *Shop) DeleteClient(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.clients[id]
	delete(s.clients, id)
	return ok
}

// Client returns a stored client.
func (s *Shop) Client(id int64) (Client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[id]
	if !ok {
		return Client{}, false
	}
	return *c, true
}

// Clients returns all clients by ascending id.
func (s *Shop) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Client, 0, len(s.clients))
	for _, c := range s.clients {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Client) int { return cmpInt(a.ID, b.ID) })
	return out
}

// OrderSpec describes an order for AddOrder.
type OrderSpec struct {
	ClientID      int64
	Date          time.Time // zero: Now
	Status        string    // "" is Pending
	PaymentMethod string    // "" is banktransfer
	Items         []Item
	PromoCode     string          // with PromoPercent: a percentage promotion
	PromoPercent  decimal.Decimal // e.g. 10 for 10 %
	InvoiceStatus string          // "" is Unpaid
	PaidAt        time.Time       // for a Paid/Refunded invoice; zero: Date + 5 minutes
	NoInvoice     bool            // a free order: invoiceid 0, paymentstatus null
	Notes         string
	IPAddress     string
}

// AddOrder stores an order with the next id, and (unless NoInvoice) its
// invoice, following the money model in the package doc. It returns the
// order id; Order(id).InvoiceID gives the invoice.
func (s *Shop) AddOrder(spec OrderSpec) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if spec.Date.IsZero() {
		spec.Date = s.now().Truncate(time.Second)
	}
	o := &Order{
		ID:            s.nextOrder,
		ClientID:      spec.ClientID,
		Date:          spec.Date,
		Status:        orDefault(spec.Status, "Pending"),
		PaymentMethod: orDefault(spec.PaymentMethod, "banktransfer"),
		Notes:         spec.Notes,
		IPAddress:     orDefault(spec.IPAddress, "203.0.113.10"),
	}
	s.nextOrder++
	o.OrderNum = orderNumber(o.ID)
	for _, it := range spec.Items {
		if it.RelID == 0 {
			s.nextRel[it.Type]++
			it.RelID = s.nextRel[it.Type]
		}
		if it.ProductType == "" {
			it.ProductType = defaultProductType(it.Type)
		}
		o.Items = append(o.Items, it)
	}
	discount := decimal.Zero
	if spec.PromoCode != "" && spec.PromoPercent.IsPositive() {
		o.PromoCode, o.PromoType, o.PromoValue = spec.PromoCode, "Percentage", spec.PromoPercent.StringFixed(2)
		discount = promoDiscount(o.Items, spec.PromoPercent)
	}
	sum := decimal.Zero
	for _, it := range o.Items {
		sum = sum.Add(it.Amount)
	}
	o.Amount = sum.Sub(discount)
	if !spec.NoInvoice {
		inv := s.buildInvoice(o, spec, discount)
		s.invoices[inv.ID] = inv
		o.InvoiceID = inv.ID
		switch status := orDefault(spec.InvoiceStatus, "Unpaid"); status {
		case "Paid", "Refunded":
			at := spec.PaidAt
			if at.IsZero() {
				at = o.Date.Add(5 * time.Minute)
			}
			s.markPaid(inv, at)
			if status == "Refunded" {
				s.refund(inv, at.Add(24*time.Hour))
			}
		default:
			inv.Status = status
		}
	}
	s.orders[o.ID] = o
	return o.ID
}

// DeleteOrder removes an order, as WHMCS's DeleteOrder does; its invoice
// stays. Later GetOrders pages shift back by one, which is what a client
// reading by offset must survive.
func (s *Shop) DeleteOrder(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.orders[id]
	delete(s.orders, id)
	return ok
}

// SetOrderStatus changes an order's status (accept, cancel, fraud, custom).
func (s *Shop) SetOrderStatus(id int64, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if ok {
		o.Status = status
	}
	return ok
}

// SetInvoiceStatus changes an invoice's status the way WHMCS would:
// "Paid" records a payment at Now, sets datepaid and numbers the invoice;
// "Refunded" refunds the payments; anything else just sets the status.
// The order's paymentstatus follows, since GetOrders reads it from the
// invoice.
func (s *Shop) SetInvoiceStatus(invoiceID int64, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.invoices[invoiceID]
	if !ok {
		return false
	}
	now := s.now().Truncate(time.Second)
	switch status {
	case "Paid":
		if inv.Status != "Paid" {
			s.markPaid(inv, now)
		}
	case "Refunded":
		if inv.Status != "Paid" {
			s.markPaid(inv, now)
		}
		s.refund(inv, now)
	case "Cancelled":
		inv.Status = status
		inv.DateCancelled = now
	default:
		inv.Status = status
	}
	return true
}

// Order returns a stored order.
func (s *Shop) Order(id int64) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return copyOrder(o), true
}

// Orders returns all orders, newest (highest id) first, as GetOrders does.
func (s *Shop) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sortedOrders()
}

// Invoice returns a stored invoice.
func (s *Shop) Invoice(id int64) (Invoice, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.invoices[id]
	if !ok {
		return Invoice{}, false
	}
	c := *inv
	c.Items = slices.Clone(inv.Items)
	c.Transactions = slices.Clone(inv.Transactions)
	return c, true
}

func (s *Shop) sortedOrders() []Order {
	out := make([]Order, 0, len(s.orders))
	for _, o := range s.orders {
		out = append(out, copyOrder(o))
	}
	slices.SortFunc(out, func(a, b Order) int { return cmpInt(b.ID, a.ID) })
	return out
}

func copyOrder(o *Order) Order {
	c := *o
	c.Items = slices.Clone(o.Items)
	return c
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// orderNumber makes the random-looking 10-digit customer-facing number
// deterministically from the id.
func orderNumber(id int64) int64 {
	return 1_000_000_000 + (id*2_654_435_761)%9_000_000_000
}

func (s *Shop) currencyOf(clientID int64) Currency {
	code := ""
	if c, ok := s.clients[clientID]; ok {
		code = c.Currency
	}
	for _, cur := range s.currencies {
		if cur.Code == code {
			return cur
		}
	}
	return s.currencies[0]
}
