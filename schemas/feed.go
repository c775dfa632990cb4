// Package schemas holds one JSON Schema per ASAPP feed, embedded in the
// binary, and compiles each into the per-field checkers the hot path uses.
// The schema documents are the single source of truth: column order, required
// flags and types all come from them.
package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// Type is a field's format as the spec names it.
type Type uint8

const (
	String Type = iota
	Integer
	Decimal
	Bool
	Timestamp
)

var typeNames = [...]string{"String", "Integer", "Decimal", "Bool", "Timestamp"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Unknown"
}

// Field is one column of a feed.
type Field struct {
	Name     string
	Type     Type
	Required bool
	// Index is the field's position in spec order (the headerless CSV column).
	Index       int
	Description string
	Example     string
	// FreeText marks text a person typed (a message, a note, an answer):
	// a customer may write "None" or "N/A" there and mean it, so such a
	// value is content, not a null written another way. Set in the schema
	// with "x-preflight-free-text": true.
	FreeText bool
}

// Feed is a compiled schema.
type Feed struct {
	ID          string
	Title       string
	Description string
	// EventTime names the Timestamp field partition rules read ("" = none).
	EventTime string
	// Aliases are FEED_NAME path segments that select this feed.
	Aliases []string
	Fields  []Field
	// Doc is the JSON Schema document the feed was compiled from.
	Doc []byte
	// Custom marks a feed loaded from a user's schema (config), whose extra
	// keywords are checked with gojsonschema.
	Custom bool
	// Validator is the gojsonschema form, for keywords the compiler does not handle.
	Validator *gojsonschema.Schema

	byName map[string]int
	byFold map[string]int
}

// Lookup returns the index of a field by exact name.
func (f *Feed) Lookup(name string) (int, bool) {
	i, ok := f.byName[name]
	return i, ok
}

// LookupBytes is Lookup without allocating: the compiler elides the string
// conversion in a map index expression.
func (f *Feed) LookupBytes(name []byte) (int, bool) {
	i, ok := f.byName[string(name)]
	return i, ok
}

// LookupFold finds a field whose name differs only in case, for "did you mean" hints.
func (f *Feed) LookupFold(name string) (int, bool) {
	i, ok := f.byFold[strings.ToLower(name)]
	return i, ok
}

// Required lists the required fields' indexes.
func (f *Feed) Required() []int {
	var out []int
	for _, fl := range f.Fields {
		if fl.Required {
			out = append(out, fl.Index)
		}
	}
	return out
}

// Names lists the field names in spec order.
func (f *Feed) Names() []string {
	out := make([]string, len(f.Fields))
	for i, fl := range f.Fields {
		out[i] = fl.Name
	}
	return out
}

type propDoc struct {
	Type        json.RawMessage `json:"type"`
	Format      string          `json:"format"`
	Description string          `json:"description"`
	Examples    []any           `json:"examples"`
	PType       string          `json:"x-preflight-type"`
	FreeText    bool            `json:"x-preflight-free-text"`
}

type schemaDoc struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Feed        struct {
		ID        string   `json:"id"`
		EventTime string   `json:"eventTime"`
		Aliases   []string `json:"aliases"`
	} `json:"x-preflight-feed"`
	Properties map[string]propDoc `json:"properties"`
	Required   []string           `json:"required"`
}

// Compile builds a Feed from a JSON Schema document. id overrides the
// document's x-preflight-feed.id when non-empty. Property order in the
// document is the column order, so it is read with a token decoder: Go maps
// forget order.
//
// A schema given as bytes has no file beside it: a $ref may only point
// within the document (CompileFile allows files beside the schema).
func Compile(id string, doc []byte) (*Feed, error) {
	root := &refDoc{path: inlinePath(id), raw: doc}
	return compileSet(id, &refSet{docs: map[string]*refDoc{root.path: root}, queue: []*refDoc{root}})
}

// compileDoc builds the Feed of a root document gojsonschema compiled.
func compileDoc(id string, doc []byte, validator *gojsonschema.Schema) (*Feed, error) {
	var sd schemaDoc
	if err := json.Unmarshal(doc, &sd); err != nil {
		return nil, fmt.Errorf("not a valid JSON Schema: %w", err)
	}
	order, err := propertyOrder(doc)
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("schema has no properties: a feed needs at least one column")
	}
	if id == "" {
		id = sd.Feed.ID
	}
	if id == "" {
		return nil, fmt.Errorf("schema names no feed id (x-preflight-feed.id)")
	}
	f := &Feed{
		ID: id, Title: sd.Title, Description: sd.Description,
		EventTime: sd.Feed.EventTime, Aliases: sd.Feed.Aliases,
		Doc: doc, Validator: validator,
		byName: map[string]int{}, byFold: map[string]int{},
	}
	req := map[string]bool{}
	for _, r := range sd.Required {
		req[r] = true
	}
	for i, name := range order {
		p := sd.Properties[name]
		t, err := fieldType(p)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
		fl := Field{Name: name, Type: t, Required: req[name], Index: i, Description: p.Description, FreeText: p.FreeText}
		if len(p.Examples) > 0 {
			fl.Example = fmt.Sprint(p.Examples[0])
		}
		f.Fields = append(f.Fields, fl)
		f.byName[name] = i
		f.byFold[strings.ToLower(name)] = i
	}
	for r := range req {
		if _, ok := f.byName[r]; !ok {
			return nil, fmt.Errorf("required field %q has no property", r)
		}
	}
	if f.EventTime != "" {
		i, ok := f.byName[f.EventTime]
		if !ok || f.Fields[i].Type != Timestamp {
			return nil, fmt.Errorf("eventTime %q is not a Timestamp property", f.EventTime)
		}
	}
	return f, nil
}

// fieldType maps a property to a spec type: x-preflight-type when given, else
// the JSON Schema type (and format date-time).
func fieldType(p propDoc) (Type, error) {
	if p.PType != "" {
		for i, n := range typeNames {
			if strings.EqualFold(n, p.PType) {
				return Type(i), nil
			}
		}
		if strings.EqualFold(p.PType, "Float") {
			return Decimal, nil
		}
		return 0, fmt.Errorf("unknown x-preflight-type %q (want String, Integer, Decimal, Float, Bool or Timestamp)", p.PType)
	}
	var types []string
	if len(p.Type) > 0 {
		var one string
		if json.Unmarshal(p.Type, &one) == nil {
			types = []string{one}
		} else if err := json.Unmarshal(p.Type, &types); err != nil {
			return 0, fmt.Errorf("type must be a string or an array of strings")
		}
	}
	var t string
	for _, s := range types {
		if s != "null" {
			t = s
		}
	}
	switch t {
	case "", "string":
		if p.Format == "date-time" {
			return Timestamp, nil
		}
		return String, nil
	case "integer":
		return Integer, nil
	case "number":
		return Decimal, nil
	case "boolean":
		return Bool, nil
	}
	return 0, fmt.Errorf("type %q is not a column type (want string, integer, number or boolean)", t)
}

// propertyOrder returns the keys of the top-level "properties" object in document order.
func propertyOrder(doc []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("schema must be a JSON object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := kt.(string)
		if key != "properties" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil, fmt.Errorf("properties must be an object")
		}
		var order []string
		for dec.More() {
			nt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			order = append(order, nt.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
		}
		return order, nil
	}
	return nil, nil
}
