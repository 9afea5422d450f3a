package ui

import (
	"context"
	"errors"
	"strings"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/shopspring/decimal"

	"whmcs-eracuni/assets"
	"whmcs-eracuni/sync/message"
)

// tr translates a UI text by key. english is the text when no translation
// is found; both may use {{.name}} placeholders filled from pairs (name,
// value, ...). Every key used with tr must be in en.json and sl.json
// (text_test.go reads this package's source to prove it).
func tr(key, english string, pairs ...string) string {
	if len(pairs) == 0 {
		return lang.X(key, english)
	}
	args := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i]] = pairs[i+1]
	}
	return lang.X(key, english, args)
}

// say translates a message from the engine, the clients or the store.
func say(m message.Message) string {
	if m.Key == "" {
		return m.English
	}
	args := m.Args
	if args == nil {
		args = map[string]string{}
	}
	return lang.X(m.Key, m.English, args)
}

// explain is what a person reads for err: the translated explanation the
// error carries, never a raw Go error text on its own.
func explain(err error) string {
	if err == nil {
		return ""
	}
	var ex message.Explainer
	if errors.As(err, &ex) {
		return say(ex.Explain())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return tr("error.timeout", "This took too long and was stopped. Try again; if it keeps happening, check the connection.")
	}
	if errors.Is(err, context.Canceled) {
		return tr("error.cancelled", "Stopped before it finished.")
	}
	return tr("error.unexpected", "Something unexpected went wrong: {{.error}}", "error", err.Error())
}

var loadTranslations gosync.Once

// useLanguage makes code ("" for the system's language, "sl" or "en") the
// language of every text from now on and returns the one in use.
//
// Fyne's lang package follows the system locale and has no switch of its
// own, so the chosen language's texts are registered under the system
// locale's tag as well: that tag is the best match for the system, so its
// texts win. Fyne's own words (dialog buttons) are in the same files.
func useLanguage(code string) string {
	loadTranslations.Do(func() {
		if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
			fyne.LogError("loading translations", err)
		}
	})
	effective := code
	if effective != "sl" && effective != "en" {
		effective = "en"
		if strings.HasPrefix(strings.ToLower(lang.SystemLocale().LanguageString()), "sl") {
			effective = "sl"
		}
	}
	data, err := assets.Translation(effective)
	if err == nil {
		err = lang.AddTranslationsForLocale(data, lang.SystemLocale())
	}
	if err != nil {
		fyne.LogError("choosing the language "+effective, err)
	}
	return effective
}

// formatTime shows a moment in the user's time zone, the way the language
// writes it; the zero time is "never".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return tr("time.never", "never")
	}
	return t.Local().Format(tr("time.layout", "2 Jan 2006 15:04"))
}

// formatClock shows only the time of day for today, the full date otherwise.
func formatClock(t, now time.Time) string {
	lt, ln := t.Local(), now.Local()
	if lt.Year() == ln.Year() && lt.YearDay() == ln.YearDay() {
		return tr("time.today", "today at {{.clock}}", "clock", lt.Format("15:04"))
	}
	return formatTime(t)
}

// formatAmount writes money with two decimals and the language's decimal
// separator; it never passes through float64.
func formatAmount(d decimal.Decimal, currency string) string {
	s := d.StringFixed(2)
	if sep := tr("number.decimal_separator", "."); sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	if currency == "" {
		return s
	}
	return s + " " + currency
}

// formatStoredAmount does the same for an amount kept in the history as text.
func formatStoredAmount(amount, currency string) string {
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return strings.TrimSpace(amount + " " + currency)
	}
	return formatAmount(d, currency)
}
