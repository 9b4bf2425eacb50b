package scenario

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles Schema() with a draft 2020-12 validator.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("Schema() is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("Schema() does not compile: %v", err)
	}
	return sch
}

// yamlDoc reads a YAML file as the JSON value an editor would check.
func yamlDoc(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// TestSchemaAcceptsValidFiles checks that every scenario the parser accepts
// is valid against the schema.
func TestSchemaAcceptsValidFiles(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t)
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		if err := sch.Validate(yamlDoc(t, file)); err != nil {
			t.Errorf("%s is valid for Parse but not for Schema(): %v", file, err)
		}
	}
}

// TestSchemaRejects checks that the schema catches what an editor should
// underline: unknown fields, bad units, bad sweep paths, unknown metrics.
func TestSchemaRejects(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t)
	for _, file := range []string{"typos", "units", "sweep", "thresholds", "objectmode", "runtime-both"} {
		if err := sch.Validate(yamlDoc(t, "testdata/errors/"+file+".yaml")); err == nil {
			t.Errorf("Schema() accepts testdata/errors/%s.yaml", file)
		}
	}
	for _, doc := range []string{
		`{"stop": {"bytes": "1MiB"}, "sweep": {"producer.chunck": ["1KiB"]}}`,
		`{"stop": {"bytes": "1MiB"}, "sweep": {"stages.x.cost": ["1ms"]}}`,
		`{"stop": {"bytes": "1MiB"}, "producer": {"rate": "10MiBps"}}`,
		`{"stop": {"bytes": "1MiB"}, "highWaterMark": "node19"}`,
		`{"producer": {"rate": "10MiB/s"}}`,
		`{"stop": {"bytes": "1MiB"}, "node": "22", "runtime": "bun"}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err := sch.Validate(v); err == nil {
			t.Errorf("Schema() accepts %s", doc)
		}
	}
}

// TestSchemaFromTable checks that every field of the table, with its doc,
// is in the schema, and that sweep paths include list items.
func TestSchemaFromTable(t *testing.T) {
	t.Parallel()
	var s map[string]any
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	if got := s["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", got)
	}
	props := s["properties"].(map[string]any)
	for _, f := range root.fields {
		p, ok := props[f.name].(map[string]any)
		if !ok {
			t.Errorf("schema has no property %s", f.name)
			continue
		}
		if p["description"] != f.doc {
			t.Errorf("schema property %s description = %v; want %q", f.name, p["description"], f.doc)
		}
	}
	sweep := props["sweep"].(map[string]any)
	for _, p := range []string{"highWaterMark", "producer.chunk", "consumer.rate", "consumer.stalls.every"} {
		if _, ok := sweep["properties"].(map[string]any)[p]; !ok {
			t.Errorf("sweep schema lacks %s", p)
		}
	}
	if _, ok := sweep["patternProperties"].(map[string]any)[`^stages\.[0-9]+\.cost$`]; !ok {
		t.Errorf("sweep schema lacks stages.N.cost: %v", sweep["patternProperties"])
	}
}
