package whmcstest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Generate builds a deterministic shop: the same seed, counts and now give
// the same data. Clients are mostly Slovenian, with Croatian, Austrian,
// German, Italian and US ones; about half are companies with VAT ids (EU
// companies outside Slovenia are tax exempt), some with "&amp;" in their
// stored name. The first clients are always Žiga Čeh, Šumi d.o.o., Müller Bau
// GmbH, Novak &amp; Partner d.o.o. and a US client paying in USD.
//
// Orders fall in the 120 days before now, ids rising with the date. Most are
// Active or Pending, a few Fraud and Cancelled, and (from 10 orders) at least
// one has the custom status "In Review". Items are hosting, domain
// registrations and addons; some orders carry a percentage promo code.
// Invoices are Paid, Unpaid, Refunded or Cancelled to match; from 30 orders
// one is a free trial without an invoice. The demo credential is present.
func Generate(seed int64, clients, orders int, now time.Time) *Shop {
	return generate(seed, clients, orders, 0, now)
}

// GenerateWithRenewals is Generate plus invoices that belong to no order,
// as a hosting company's WHMCS fills up with them: automatic renewals of
// hosting, addons and domains (some with a recurring promotion line, some
// paid partly from the client's credit), manual invoices, add-funds
// invoices and a few mass payments. They are dated over the same 120 days
// and interleaved with the orders' invoices, so invoice ids rise with the
// date as in WHMCS. Most are paid (and numbered then), some unpaid, a few
// cancelled, refunded or still drafts.
//
// The clients and orders are those Generate makes for the same seed and
// counts; only the orders' invoice ids and numbers differ, because the
// renewals take their place in the numbering.
func GenerateWithRenewals(seed int64, clients, orders, renewals int, now time.Time) *Shop {
	return generate(seed, clients, orders, renewals, now)
}

func generate(seed int64, clients, orders, renewals int, now time.Time) *Shop {
	s := NewShop()
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	g := generator{rng: rng, shop: s}
	for i := range clients {
		g.addClient(i)
	}
	ids := s.clientIDs()
	if len(ids) == 0 && orders > 0 {
		ids = []int64{g.addClient(0)}
	}
	dates := make([]time.Time, orders)
	for i := range dates {
		back := time.Duration(rng.Int64N(int64(120 * 24 * time.Hour)))
		dates[i] = now.Add(-back).Truncate(time.Second)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	statuses := make([]string, orders)
	for i := range statuses {
		statuses[i] = pickWeighted(rng, []string{"Active", "Pending", "Fraud", "Cancelled", "In Review"}, []int{55, 30, 4, 7, 4})
	}
	ensureStatus(rng, statuses, "In Review", 10)
	ensureStatus(rng, statuses, "Fraud", 20)
	ensureStatus(rng, statuses, "Cancelled", 20)
	free := -1
	if orders >= 30 {
		free = rng.IntN(orders)
	}
	// Renewals draw from a stream of their own, so the orders stay those of
	// Generate whatever their number.
	rg := renewalGenerator{rng: rand.New(rand.NewPCG(uint64(seed), 0x52656e6577616c73)), shop: s, now: now}
	plan := rg.plan(renewals, ids)
	for i := range orders {
		for len(plan) > 0 && !plan[0].date.After(dates[i]) {
			rg.add(plan[0])
			plan = plan[1:]
		}
		g.addOrder(ids[rng.IntN(len(ids))], dates[i], statuses[i], i == free, now)
	}
	for _, r := range plan {
		rg.add(r)
	}
	return s
}

func (s *Shop) clientIDs() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.clients))
	for id := range s.clients {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ensureStatus makes sure one order (not the newest) has status once there
// are at least minOrders.
func ensureStatus(rng *rand.Rand, statuses []string, status string, minOrders int) {
	if len(statuses) < minOrders || slices.Contains(statuses, status) {
		return
	}
	for {
		i := rng.IntN(len(statuses) - 1)
		if statuses[i] == "Active" || statuses[i] == "Pending" {
			statuses[i] = status
			return
		}
	}
}

type generator struct {
	rng  *rand.Rand
	shop *Shop
}

type country struct {
	code, cc, currency, vatPrefix string
	vatDigits                     int
	first, last, companies        []string
	cities                        [][2]string // city, postcode
	streets                       []string
	language                      string
	state                         string
}

var countries = []country{
	{code: "SI", cc: "386", currency: "EUR", vatPrefix: "SI", vatDigits: 8, language: "slovenian",
		first:     []string{"Žiga", "Luka", "Nejc", "Matej", "Tina", "Maja", "Špela", "Anže", "Urška", "Jure", "Nika", "Tjaša", "Primož", "Mojca", "Gašper", "Blaž"},
		last:      []string{"Čeh", "Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kos", "Vidmar", "Golob", "Turk", "Božič", "Mlakar", "Kavčič", "Žagar", "Hribar"},
		companies: []string{"Kovačič Trgovina d.o.o.", "Gradnje Žagar d.o.o.", "Čebelarstvo Kos s.p.", "Mlekarna Hribar d.o.o.", "Turk &amp; Turk d.n.o.", "Studio Oblak d.o.o.", "Pekarna Škof d.o.o.", "Računovodstvo Štular s.p."},
		cities:    [][2]string{{"Ljubljana", "1000"}, {"Maribor", "2000"}, {"Celje", "3000"}, {"Kranj", "4000"}, {"Koper", "6000"}, {"Novo mesto", "8000"}},
		streets:   []string{"Slovenska cesta", "Trubarjeva ulica", "Cankarjeva ulica", "Prešernova cesta", "Tržaška cesta", "Šmartinska cesta"}},
	{code: "HR", cc: "385", currency: "EUR", vatPrefix: "HR", vatDigits: 11, language: "croatian",
		first:     []string{"Ivana", "Marko", "Petra", "Luka", "Ana", "Tomislav"},
		last:      []string{"Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Knežević"},
		companies: []string{"Jadranka d.o.o.", "Babić &amp; sinovi d.o.o.", "Dalmacija Web d.o.o."},
		cities:    [][2]string{{"Zagreb", "10000"}, {"Split", "21000"}, {"Rijeka", "51000"}},
		streets:   []string{"Ilica", "Vukovarska ulica", "Ulica kralja Zvonimira"}},
	{code: "AT", cc: "43", currency: "EUR", vatPrefix: "ATU", vatDigits: 8, language: "german",
		first:     []string{"Lukas", "Anna", "Maximilian", "Sophie", "Jürgen"},
		last:      []string{"Gruber", "Huber", "Wagner", "Pichler", "Müller"},
		companies: []string{"Gruber Installationen GmbH", "Alpenblick Hotel GmbH", "Wörthersee Reisen OG"},
		cities:    [][2]string{{"Wien", "1010"}, {"Graz", "8010"}, {"Klagenfurt", "9020"}},
		streets:   []string{"Mariahilfer Straße", "Herrengasse", "Alter Platz"}},
	{code: "DE", cc: "49", currency: "EUR", vatPrefix: "DE", vatDigits: 9, language: "german",
		first:     []string{"Anna", "Jürgen", "Katrin", "Jörg", "Lena"},
		last:      []string{"Müller", "Schäfer", "Weiß", "Bäcker", "Schröder"},
		companies: []string{"Schäfer &amp; Söhne KG", "Weiß IT-Dienstleistungen GmbH", "Bäckerei Schröder e.K."},
		cities:    [][2]string{{"München", "80331"}, {"Köln", "50667"}, {"Düsseldorf", "40213"}},
		streets:   []string{"Hauptstraße", "Königsallee", "Schloßstraße"}},
	{code: "IT", cc: "39", currency: "EUR", vatPrefix: "IT", vatDigits: 11, language: "italian",
		first:     []string{"Giulia", "Marco", "Francesca"},
		last:      []string{"Rossi", "Bianchi", "Esposito"},
		companies: []string{"Bianchi S.r.l.", "Caffè Trieste S.n.c."},
		cities:    [][2]string{{"Trieste", "34121"}, {"Milano", "20121"}},
		streets:   []string{"Via Roma", "Corso Italia"}},
	{code: "US", cc: "1", currency: "USD", language: "english", state: "Texas",
		first:     []string{"John", "Emily", "Michael", "Sarah"},
		last:      []string{"Smith", "Johnson", "Brown", "Miller"},
		companies: []string{"Acme Hosting LLC", "Lone Star Media Inc."},
		cities:    [][2]string{{"Austin", "78701"}, {"Dallas", "75201"}},
		streets:   []string{"Congress Avenue", "Main Street"}},
}

// fixedClients make the demo show the interesting names whatever the seed.
var fixedClients = []Client{
	{FirstName: "Žiga", LastName: "Čeh", Email: "ziga.ceh@example.si", Address1: "Trubarjeva ulica 12", City: "Ljubljana", PostCode: "1000", Country: "SI", PhoneCC: "386", PhoneNumber: "41234567", Language: "slovenian"},
	{FirstName: "Špela", LastName: "Kos", CompanyName: "Šumi d.o.o.", Email: "spela.kos@sumi.example.si", Address1: "Slovenska cesta 5", City: "Ljubljana", PostCode: "1000", Country: "SI", PhoneCC: "386", PhoneNumber: "15551234", TaxID: "SI12345678", Language: "slovenian"},
	{FirstName: "Anna", LastName: "Müller", CompanyName: "Müller Bau GmbH", Email: "anna@mueller-bau.example.de", Address1: "Hauptstraße 5", City: "München", State: "Bayern", PostCode: "80331", Country: "DE", PhoneCC: "49", PhoneNumber: "891234567", TaxID: "DE123456789", TaxExempt: true, Language: "german"},
	{FirstName: "Luka", LastName: "Horvat", CompanyName: "Novak &amp; Partner d.o.o.", Email: "luka@novak-partner.example.si", Address1: "Prešernova cesta 3", City: "Maribor", PostCode: "2000", Country: "SI", PhoneCC: "386", PhoneNumber: "22345678", TaxID: "SI87654321", Language: "slovenian"},
	{FirstName: "John", LastName: "Smith", Email: "john.smith@example.com", Address1: "100 Congress Avenue", City: "Austin", State: "Texas", PostCode: "78701", Country: "US", PhoneCC: "1", PhoneNumber: "5125550100", Currency: "USD", Language: "english"},
}

func (g *generator) addClient(i int) int64 {
	if i < len(fixedClients) {
		return g.shop.AddClient(fixedClients[i])
	}
	r := g.rng
	co := countries[pickIndex(r, []int{55, 12, 10, 10, 5, 8})]
	c := Client{
		FirstName: pick(r, co.first), LastName: pick(r, co.last), Country: co.code, PhoneCC: co.cc,
		PhoneNumber: fmt.Sprintf("%d%07d", 1+r.IntN(8), r.IntN(10_000_000)), Language: co.language, State: co.state,
	}
	if co.currency != "EUR" {
		c.Currency = co.currency
	}
	city := co.cities[r.IntN(len(co.cities))]
	c.City, c.PostCode = city[0], city[1]
	c.Address1 = fmt.Sprintf("%s %d", pick(r, co.streets), 1+r.IntN(120))
	if co.code == "US" {
		c.Address1 = fmt.Sprintf("%d %s", 100+r.IntN(900), pick(r, co.streets))
	}
	domain := "example." + strings.ToLower(co.code)
	if co.code == "US" {
		domain = "example.com"
	}
	if r.IntN(100) < 45 {
		c.CompanyName = pick(r, co.companies)
		domain = slug(c.CompanyName) + "." + domain
		if co.vatPrefix != "" {
			c.TaxID = co.vatPrefix + digits(r, co.vatDigits)
			c.TaxExempt = co.code != "SI"
		}
	}
	c.Email = slug(c.FirstName) + "." + slug(c.LastName) + "@" + domain
	return g.shop.AddClient(c)
}

type product struct {
	group, name, cycle string
	eur                string
}

var products = []product{
	{"Shared Hosting", "Start", "Monthly", "4.99"},
	{"Shared Hosting", "Business", "Annually", "99.00"},
	{"WordPress Hosting", "Pro", "Annually", "149.00"},
	{"VPS", "S", "Monthly", "9.00"},
	{"VPS", "M", "Quarterly", "54.00"},
	{"Email", "Office 10", "Annually", "36.00"},
}

var addons = []product{
	{"", "SSL Certificate", "Annually", "29.00"},
	{"", "Daily Backup", "Monthly", "2.50"},
	{"", "Dedicated IP", "Monthly", "3.00"},
}

var tlds = map[string]string{".si": "14.90", ".com": "12.00", ".eu": "9.90", ".hr": "19.00", ".de": "8.50"}

func (g *generator) addOrder(clientID int64, date time.Time, status string, free bool, now time.Time) {
	r := g.rng
	c, _ := g.shop.Client(clientID)
	domain := slug(c.LastName) + "-" + digits(r, 2) + pick(r, []string{".si", ".com", ".eu", ".si", ".hr", ".de"})
	var items []Item
	domainOnly := !free && r.IntN(100) < 10
	if free {
		items = append(items, Item{Type: "product", ProductType: "Other Product/Service", Product: "Trials - Free Trial", Domain: domain, BillingCycle: "Free Account", Amount: decimal.Zero})
	} else if !domainOnly {
		p := products[r.IntN(len(products))]
		items = append(items, Item{Type: "product", ProductType: productType(p.group), Product: p.group + " - " + p.name,
			Domain: domain, BillingCycle: p.cycle, Amount: decimal.RequireFromString(p.eur)})
		if r.IntN(100) < 30 {
			a := addons[r.IntN(len(addons))]
			items = append(items, Item{Type: "addon", Product: a.name, BillingCycle: a.cycle, Amount: decimal.RequireFromString(a.eur)})
		}
	}
	if !free && (domainOnly || r.IntN(100) < 50) {
		tld := domain[strings.LastIndex(domain, "."):]
		years := 1
		if r.IntN(100) < 15 {
			years = 2
		}
		price := decimal.RequireFromString(tlds[tld]).Mul(decimal.NewFromInt(int64(years)))
		kind := "Register"
		if r.IntN(100) < 15 {
			kind = "Transfer"
		}
		items = append(items, Item{Type: "domain", Product: kind, Domain: domain, BillingCycle: fmt.Sprint(years), Amount: price})
	}
	spec := OrderSpec{
		ClientID: clientID, Date: date, Status: status, Items: items, NoInvoice: free,
		PaymentMethod: pickWeighted(r, []string{"banktransfer", "stripe", "paypal"}, []int{50, 30, 20}),
		IPAddress:     fmt.Sprintf("198.51.100.%d", 1+r.IntN(254)),
	}
	if !free && !domainOnly && r.IntN(100) < 15 {
		spec.PromoCode, spec.PromoPercent = "SPRING10", decimal.NewFromInt(10)
		if r.IntN(2) == 0 {
			spec.PromoCode, spec.PromoPercent = "WELCOME20", decimal.NewFromInt(20)
		}
	}
	if r.IntN(100) < 8 {
		spec.Notes = pick(r, []string{"Prosim račun na podjetje.", "Please call before activation.", "Plačilo po predračunu."})
	}
	switch status {
	case "Active":
		spec.InvoiceStatus = pickWeighted(r, []string{"Paid", "Unpaid", "Refunded"}, []int{92, 5, 3})
	case "Pending":
		spec.InvoiceStatus = pickWeighted(r, []string{"Unpaid", "Paid"}, []int{70, 30})
	case "Fraud":
		spec.InvoiceStatus = pickWeighted(r, []string{"Cancelled", "Unpaid"}, []int{60, 40})
	case "Cancelled":
		spec.InvoiceStatus = pickWeighted(r, []string{"Cancelled", "Refunded"}, []int{50, 50})
	default:
		spec.InvoiceStatus = pickWeighted(r, []string{"Paid", "Unpaid"}, []int{50, 50})
	}
	delay := time.Duration(1+r.IntN(60)) * time.Minute
	if spec.PaymentMethod == "banktransfer" {
		delay = time.Duration(1+r.IntN(72)) * time.Hour
	}
	spec.PaidAt = date.Add(delay)
	if spec.PaidAt.After(now) {
		spec.PaidAt = now.Truncate(time.Second)
	}
	g.shop.AddOrder(spec)
}

func productType(group string) string {
	if group == "VPS" {
		return "Dedicated/VPS Server"
	}
	if group == "Email" {
		return "Other Product/Service"
	}
	return "Hosting Account"
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

func pickIndex(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func pickWeighted(r *rand.Rand, xs []string, weights []int) string { return xs[pickIndex(r, weights)] }

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

var fold = strings.NewReplacer("č", "c", "Č", "c", "š", "s", "Š", "s", "ž", "z", "Ž", "z", "ć", "c", "đ", "d",
	"ü", "ue", "Ü", "ue", "ö", "oe", "ä", "ae", "ß", "ss", "è", "e", "é", "e", "&amp;", "", "&", "")

// slug makes an ASCII e-mail or domain part from a name.
func slug(s string) string {
	s = strings.ToLower(fold.Replace(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.Trim(b.String(), "-")
}
