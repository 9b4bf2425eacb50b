package report

import (
	"reflect"

	"github.com/bpbench/bpbench/internal/safetext"
)

// escapeText replaces every string of the page (a struct, walked through
// its pointers, slices and fields) with safetext's escape of it: data from
// a scenario or a results file (a description, a cell name, an error) may
// hold ESC, BEL or NUL bytes, which the templates would copy raw. Fields
// tagged `text:"block"` (the scenario file's text, Node code) keep their
// newlines.
func escapeText(v reflect.Value, block bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			escapeText(v.Elem(), block)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				escapeText(v.Field(i), t.Field(i).Tag.Get("text") == "block")
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			escapeText(v.Index(i), block)
		}
	case reflect.String:
		if !v.CanSet() {
			return
		}
		if block {
			v.SetString(safetext.Block(v.String()))
		} else {
			v.SetString(safetext.Line(v.String()))
		}
	}
}
