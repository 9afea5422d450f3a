// Package message holds the text the app shows to people: a stable key that
// the UI translates, the English wording (a text/template), and the values it
// names. Clients and the engine build errors and reasons from these so the GUI
// can show them in Slovenian or English and the command line in English.
package message

import (
	"bytes"
	"sort"
	"sync"
	"text/template"
)

// Template is one message the app can show, registered once with Define.
type Template struct {
	Key     string
	English string
}

// Message is a Template filled with values.
type Message struct {
	Key     string
	English string
	Args    map[string]string
}

var (
	mu       sync.Mutex
	registry = map[string]string{}
)

// Define registers a message key with its English wording. The wording may
// use {{.name}} placeholders. Defining the same key twice with different text
// panics: a key means one thing everywhere.
func Define(key, english string) Template {
	mu.Lock()
	defer mu.Unlock()
	if old, ok := registry[key]; ok && old != english {
		panic("message: key " + key + " defined twice with different text")
	}
	template.Must(template.New(key).Option("missingkey=zero").Parse(english))
	registry[key] = english
	return Template{Key: key, English: english}
}

// With fills the template. Arguments come in name, value pairs.
func (t Template) With(pairs ...string) Message {
	m := Message{Key: t.Key, English: t.English}
	if len(pairs) > 0 {
		m.Args = make(map[string]string, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			m.Args[pairs[i]] = pairs[i+1]
		}
	}
	return m
}

// String renders the English text.
func (m Message) String() string { return Render(m.English, m.Args) }

// Render fills an English or translated template with args. A template that
// does not parse is returned as written rather than lost.
func Render(text string, args map[string]string) string {
	t, err := template.New("m").Option("missingkey=zero").Parse(text)
	if err != nil {
		return text
	}
	var b bytes.Buffer
	if args == nil {
		args = map[string]string{}
	}
	if err := t.Execute(&b, args); err != nil {
		return text
	}
	return b.String()
}

// Explainer is implemented by errors that carry a Message for people.
type Explainer interface {
	error
	Explain() Message
}

// All lists every registered key with its English text, sorted by key, so a
// test can prove each one is translated.
func All() []Template {
	mu.Lock()
	defer mu.Unlock()
	out := make([]Template, 0, len(registry))
	for k, v := range registry {
		out = append(out, Template{Key: k, English: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
