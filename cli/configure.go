package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
)

// newFlags returns a flag set that reports its own errors and help to stderr.
func newFlags(c *invocation, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.env.Stderr, "Usage: whmcs-eracuni [--data-dir DIR] %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags returns the exit code to stop with, or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return ExitConfig
	}
	return -1
}

func runConfigure(c *invocation, args []string) int {
	fs := newFlags(c, "configure", "[options]  (secrets come from WHMCS_API_SECRET, WHMCS_ACCESS_KEY, ERACUNI_PASSWORD or ERACUNI_SECRET_KEY, ERACUNI_TOKEN)")
	whURL := fs.String("whmcs-url", "", "WHMCS address, e.g. https://shop.example.com/whmcs")
	whID := fs.String("whmcs-identifier", "", "WHMCS API identifier")
	erURL := fs.String("eracuni-url", "", "e-računi API endpoint (default "+"https://e-racuni.com/WebServicesSI/API)")
	erUser := fs.String("eracuni-username", "", "e-računi username")
	wh := fs.String("warehouse", "", "e-računi warehouse (skladišče) code")
	cc := fs.String("cost-centre", "", "e-računi cost centre (stroškovno mesto) code")
	statuses := fs.String("statuses", "", `order statuses to import, comma separated; "default" = all but Fraud and Cancelled`)
	paidOnly := fs.Bool("paid-only", false, "import only paid orders")
	since := fs.String("since", "", "import orders dated from YYYY-MM-DD (inclusive)")
	invoicePaid := fs.Bool("invoice-paid", false, "also create the invoice in e-računi for paid orders")
	inclVAT := fs.Bool("prices-include-vat", false, "WHMCS prices include VAT")
	vat := fs.String("vat-rate", "", "default VAT rate in percent, e.g. 22")
	reverse := fs.Bool("reverse-charge", true, "EU business buyers with a VAT id outside Slovenia: reverse charge (0 %)")
	lang := fs.String("document-language", "", "language of the documents: Slovene or English")
	interval := fs.String("interval", "", "automatic sync interval in the app: off, 15m, 30m, 1h, 4h, 24h")
	invoices := fs.Bool("invoices", false, "also import WHMCS invoices that belong to no order (renewals)")
	invoicesAs := fs.String("invoices-as", "", "renewal invoices become sales-invoices (default) or sales-orders in e-računi")
	invoicesUnpaid := fs.Bool("invoices-unpaid", false, "import unpaid renewal invoices too (default: paid only)")
	invoicesSince := fs.String("invoices-since", "", "import renewal invoices dated from YYYY-MM-DD (inclusive)")
	invoicesAddFunds := fs.Bool("invoices-add-funds", false, "import add-funds invoices too")
	forget := fs.Bool("forget-credentials", false, "remove every stored secret from the system keyring (settings are kept)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *forget {
		if code := forgetCredentials(c); code != ExitOK {
			return code
		}
		delete(set, "forget-credentials")
		if len(set) == 0 && !anySecretInEnv(c) {
			// Nothing else to change: the data file is not needed, so this
			// works even while the app holds it.
			return ExitOK
		}
	}

	db, code := c.openStore()
	if db == nil {
		return code
	}
	defer db.Close()
	s, _, err := db.Settings()
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	problems := applyConfigureFlags(&s, set, configureValues{
		whURL: *whURL, whID: *whID, erURL: *erURL, erUser: *erUser, warehouse: *wh, costCentre: *cc,
		statuses: *statuses, paidOnly: *paidOnly, since: *since, invoicePaid: *invoicePaid, inclVAT: *inclVAT,
		vat: *vat, reverse: *reverse, lang: *lang, interval: *interval,
		invoices: *invoices, invoicesAs: *invoicesAs, invoicesUnpaid: *invoicesUnpaid,
		invoicesSince: *invoicesSince, invoicesAddFunds: *invoicesAddFunds,
	})
	if c.env.Getenv("ERACUNI_SECRET_KEY") != "" && c.env.Getenv("ERACUNI_PASSWORD") == "" {
		s.ERacuniUseSecretKey = true
	} else if c.env.Getenv("ERACUNI_PASSWORD") != "" {
		s.ERacuniUseSecretKey = false
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.env.Stderr, p)
		}
		return ExitConfig
	}
	s.SetupComplete = s.WHMCSURL != "" && s.WHMCSIdentifier != "" && s.ERacuniUsername != ""
	if err := db.SaveSettings(s); err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	stored, err := storeSecrets(c)
	if err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	fmt.Fprintf(c.env.Stdout, "Settings saved in %s.\n", db.Path())
	if len(stored) > 0 {
		fmt.Fprintf(c.env.Stdout, "Stored in the system keyring: %s.\n", strings.Join(stored, ", "))
	}
	fmt.Fprintln(c.env.Stdout, "Next: run 'whmcs-eracuni check' to test both connections.")
	return ExitOK
}

type configureValues struct {
	whURL, whID, erURL, erUser, warehouse, costCentre, statuses, since, vat, lang, interval string
	paidOnly, invoicePaid, inclVAT, reverse                                                 bool
	invoicesAs, invoicesSince                                                               string
	invoices, invoicesUnpaid, invoicesAddFunds                                              bool
}

// applyConfigureFlags changes only the settings whose flags were given and
// returns what was wrong with the values, in words for people.
func applyConfigureFlags(s *store.Settings, set map[string]bool, v configureValues) []string {
	var problems []string
	if set["whmcs-url"] {
		if u, err := url.Parse(v.whURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			problems = append(problems, fmt.Sprintf("--whmcs-url %q is not a web address; write it like https://shop.example.com/whmcs", v.whURL))
		}
		s.WHMCSURL = strings.TrimSpace(v.whURL)
	}
	if set["whmcs-identifier"] {
		s.WHMCSIdentifier = strings.TrimSpace(v.whID)
	}
	if set["eracuni-url"] {
		s.ERacuniEndpoint = strings.TrimSpace(v.erURL)
	}
	if set["eracuni-username"] {
		s.ERacuniUsername = strings.TrimSpace(v.erUser)
	}
	if set["warehouse"] {
		s.Warehouse = strings.TrimSpace(v.warehouse)
	}
	if set["cost-centre"] {
		s.CostCentre = strings.TrimSpace(v.costCentre)
	}
	if set["statuses"] {
		s.Statuses = nil
		if t := strings.TrimSpace(v.statuses); t != "" && !strings.EqualFold(t, "default") {
			for _, st := range strings.Split(t, ",") {
				if st = strings.TrimSpace(st); st != "" {
					s.Statuses = append(s.Statuses, st)
				}
			}
		}
	}
	if set["paid-only"] {
		s.PaidOnly = v.paidOnly
	}
	if set["since"] {
		if _, err := time.Parse("2006-01-02", v.since); err != nil {
			problems = append(problems, fmt.Sprintf("--since %q is not a date; write it as YYYY-MM-DD", v.since))
		}
		s.Since = v.since
	}
	if set["invoice-paid"] {
		s.InvoicePaid = v.invoicePaid
	}
	if set["prices-include-vat"] {
		s.PricesIncludeVAT = v.inclVAT
	}
	if set["vat-rate"] {
		r, err := decimal.NewFromString(strings.TrimSuffix(strings.TrimSpace(v.vat), "%"))
		if err != nil || r.IsNegative() || r.GreaterThan(decimal.NewFromInt(100)) {
			problems = append(problems, fmt.Sprintf("--vat-rate %q is not a percentage between 0 and 100", v.vat))
		} else {
			s.VATRate = r
		}
	}
	if set["reverse-charge"] {
		s.ReverseChargeEU = v.reverse
	}
	if set["document-language"] {
		switch strings.ToLower(v.lang) {
		case "slovene", "sl", "slovenian":
			s.DocumentLanguage = "Slovene"
		case "english", "en":
			s.DocumentLanguage = "English"
		default:
			problems = append(problems, fmt.Sprintf("--document-language %q: use Slovene or English", v.lang))
		}
	}
	if set["invoices"] {
		s.Invoices.Enabled = v.invoices
		if v.invoices && s.Invoices.Since == "" {
			s.Invoices.Since = s.Since
		}
	}
	if set["invoices-as"] {
		switch strings.ToLower(strings.TrimSpace(v.invoicesAs)) {
		case "sales-invoices", "invoices":
			s.Invoices.AsSalesOrders = false
		case "sales-orders", "orders":
			s.Invoices.AsSalesOrders = true
		default:
			problems = append(problems, fmt.Sprintf("--invoices-as %q: use sales-invoices or sales-orders", v.invoicesAs))
		}
	}
	if set["invoices-unpaid"] {
		s.Invoices.IncludeUnpaid = v.invoicesUnpaid
	}
	if set["invoices-since"] {
		if _, err := time.Parse("2006-01-02", v.invoicesSince); err != nil {
			problems = append(problems, fmt.Sprintf("--invoices-since %q is not a date; write it as YYYY-MM-DD", v.invoicesSince))
		}
		s.Invoices.Since = v.invoicesSince
	}
	if set["invoices-add-funds"] {
		s.Invoices.IncludeAddFunds = v.invoicesAddFunds
	}
	if set["interval"] {
		d, err := ParseInterval(v.interval)
		if err != nil {
			problems = append(problems, err.Error())
		}
		s.Interval = d
	}
	return problems
}

// ParseInterval reads an automatic-sync interval: off, a Go duration, daily.
func ParseInterval(v string) (time.Duration, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "off", "0", "":
		return 0, nil
	case "daily", "day":
		return 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute {
		return 0, fmt.Errorf("--interval %q: use off, 15m, 30m, 1h, 4h or daily", v)
	}
	return d, nil
}

// storeSecrets moves the secrets given in the environment into the keyring
// and returns their names (never their values).
func storeSecrets(c *invocation) ([]string, error) {
	var stored []string
	var secrets store.Secrets
	for _, se := range sync.SecretEnv {
		v := c.env.Getenv(se.Env)
		if v == "" {
			continue
		}
		if secrets == nil {
			secrets = c.env.Secrets()
		}
		if err := secrets.Set(c.ctx, store.DefaultProfile, se.Name, v); err != nil {
			return stored, err
		}
		stored = append(stored, se.Env)
	}
	return stored, nil
}

// forgetCredentials removes every secret of the profile from the keyring:
// for a computer that changes hands, or a credential that leaked.
func forgetCredentials(c *invocation) int {
	if err := store.ForgetAll(c.ctx, c.env.Secrets(), store.DefaultProfile); err != nil {
		fmt.Fprintln(c.env.Stderr, explain(err))
		return ExitConfig
	}
	names := make([]string, 0, len(sync.SecretEnv))
	for _, se := range sync.SecretEnv {
		names = append(names, se.Env)
	}
	fmt.Fprintf(c.env.Stdout, "Removed the stored secrets from the system keyring (%s). The settings are kept; run configure with the secrets in the environment to store new ones.\n",
		strings.Join(names, ", "))
	return ExitOK
}

func anySecretInEnv(c *invocation) bool {
	for _, se := range sync.SecretEnv {
		if c.env.Getenv(se.Env) != "" {
			return true
		}
	}
	return false
}
