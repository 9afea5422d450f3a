package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"whmcs-eracuni/assets"
	"whmcs-eracuni/store"
	engine "whmcs-eracuni/sync"
	"whmcs-eracuni/sync/eracuni"
	"whmcs-eracuni/sync/message"
	"whmcs-eracuni/sync/whmcs"
)

// The imports above register every message the clients, the engine and the
// store can show; message.All lists them.
var (
	_ = store.Open
	_ = engine.New
	_ = whmcs.New
	_ = eracuni.New
)

// fyneKeys are Fyne's own words (dialog buttons, file dialog); Fyne has no
// Slovenian, so sl.json carries them.
var fyneKeys = []string{"Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut", "Enter filename", "Error",
	"Favourites", "File", "Folder", "New Folder", "No", "OK", "Open", "Paste", "Quit", "Redo", "Save",
	"Select all", "Show Hidden Files", "Undo", "Yes"}

// uiTexts reads this package's source for every tr("key", "English") and
// lang.X("key", "English") call: the keys the screens use.
func uiTexts(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	str := func(e ast.Expr) (string, bool) {
		switch v := e.(type) {
		case *ast.BasicLit:
			if v.Kind == token.STRING {
				s, err := strconv.Unquote(v.Value)
				return s, err == nil
			}
		case *ast.Ident:
			s, ok := consts[v.Name]
			return s, ok
		}
		return "", false
	}
	texts := map[string]string{}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			isTr := false
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				isTr = fn.Name == "tr"
			case *ast.SelectorExpr:
				pkg, ok := fn.X.(*ast.Ident)
				isTr = ok && pkg.Name == "lang" && fn.Sel.Name == "X"
			}
			if !isTr {
				return true
			}
			key, ok1 := str(call.Args[0])
			english, ok2 := str(call.Args[1])
			if !ok1 || !ok2 {
				// Keys come from tables (column names): checked through
				// those tables below.
				return true
			}
			if old, dup := texts[key]; dup && old != english {
				t.Errorf("key %q has two English texts: %q and %q", key, old, english)
			}
			texts[key] = english
			return true
		})
	}
	for _, cols := range [][]column{previewColumns, runColumns, orderColumns} {
		for _, c := range cols {
			texts[c.key] = c.english
		}
	}
	return texts
}

func readTranslation(t *testing.T, code string) map[string]any {
	t.Helper()
	raw, err := assets.Translation(code)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out[m[1]] = true
	}
	return out
}

// TestTranslationsAreComplete proves that every text a person can see —
// each message of the clients, engine and store, and each UI string — has
// a Slovenian translation, that en.json matches the English in the code,
// and that no translation names a value the English does not fill in.
// UPDATE_EN_JSON=1 rewrites en.json from the code first (the embedded copy
// is the old one until the next build, so run the test twice).
func TestTranslationsAreComplete(t *testing.T) {
	want := uiTexts(t)
	for _, m := range message.All() {
		if old, dup := want[m.Key]; dup && old != m.English {
			t.Errorf("key %q is used by the UI and by a message with different English", m.Key)
		}
		want[m.Key] = m.English
	}
	for _, k := range fyneKeys {
		if _, ok := want[k]; !ok {
			want[k] = k
		}
	}
	if os.Getenv("UPDATE_EN_JSON") != "" {
		writeJSON(t, filepath.Join("..", "assets", "translations", "en.json"), want)
	}
	en, sl := readTranslation(t, "en"), readTranslation(t, "sl")

	var missing []string
	for _, key := range sortedKeys(want) {
		english := want[key]
		if got, ok := en[key].(string); !ok || got != english {
			t.Errorf("en.json[%q] = %q, want the English from the code: %q", key, en[key], english)
		}
		slv, ok := sl[key].(string)
		if !ok || strings.TrimSpace(slv) == "" {
			missing = append(missing, strconv.Quote(key)+": "+strconv.Quote(english))
			continue
		}
		allowed := placeholders(english)
		for name := range placeholders(slv) {
			if !allowed[name] {
				t.Errorf("sl.json[%q] uses {{.%s}}, which the English does not have", key, name)
			}
		}
		for name := range allowed {
			if !placeholders(slv)[name] {
				t.Errorf("sl.json[%q] leaves out {{.%s}}", key, name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d texts have no Slovenian translation in assets/translations/sl.json:\n%s", len(missing), strings.Join(missing, ",\n"))
	}
	for key := range sl {
		if _, ok := want[key]; !ok {
			t.Errorf("sl.json has %q, which nothing uses any more", key)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func writeJSON(t *testing.T, path string, m map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("{\n")
	keys := sortedKeys(m)
	for i, k := range keys {
		kj, _ := json.Marshal(k)
		vj, _ := marshalNoEscape(m[k])
		b.WriteString("  " + string(kj) + ": " + vj)
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func marshalNoEscape(s string) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
