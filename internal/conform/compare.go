package conform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Compare compares two traces after JSON parsing, ignoring "node", and
// describes the first difference ("" when equal).
func Compare(got, want []byte) string {
	var g, w map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		return "got: " + err.Error()
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return "want: " + err.Error()
	}
	delete(g, "node")
	delete(w, "node")
	if reflect.DeepEqual(g, w) {
		return ""
	}
	for _, k := range []string{"init"} {
		if !reflect.DeepEqual(g[k], w[k]) {
			return fmt.Sprintf("%s:\n got %s\nwant %s", k, js(g[k]), js(w[k]))
		}
	}
	gs, _ := g["steps"].([]any)
	ws, _ := w["steps"].([]any)
	for i := 0; i < len(gs) && i < len(ws); i++ {
		if !reflect.DeepEqual(gs[i], ws[i]) {
			return fmt.Sprintf("step %d:\n got %s\nwant %s", i, js(gs[i]), js(ws[i]))
		}
	}
	for _, k := range []string{"tail", "error"} {
		if !reflect.DeepEqual(g[k], w[k]) {
			return fmt.Sprintf("%s:\n got %s\nwant %s", k, js(g[k]), js(w[k]))
		}
	}
	return fmt.Sprintf("steps: got %d, want %d", len(gs), len(ws))
}

func js(v any) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.Encode(v)
	return strings.TrimSpace(b.String())
}
