package proto

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var (
	messageRe = regexp.MustCompile(`(?m)^message (\w+) \{`)
	fieldRe   = regexp.MustCompile(`(?m)^\s+(?:repeated |optional )?(?:map<[^>]+>|[\w.]+) (\w+) = (\d+);`)
)

// TestGoTypesMatchProtoSchema keeps newswire.proto, the schema of record, and
// the Go types in step: every field of every message has the same name and
// number on both sides.
func TestGoTypesMatchProtoSchema(t *testing.T) {
	src, err := os.ReadFile("newswire.proto")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	schema := map[string]map[string]string{}
	locs := messageRe.FindAllStringSubmatchIndex(text, -1)
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := text[loc[2]:loc[3]]
		body := text[loc[1]:end]
		body = body[:strings.Index(body, "\n}")]
		fields := map[string]string{}
		for _, m := range fieldRe.FindAllStringSubmatch(body, -1) {
			fields[m[1]] = m[2]
		}
		schema[name] = fields
	}
	types := map[string]reflect.Type{}
	for _, v := range []any{RawDispatch{}, Sentence{}, Paragraph{}, Dateline{}, Revision{}, ParsedDispatch{}, Entity{}, Place{}, Topic{}, EnrichedDispatch{}, Figure{}, Supersession{}, CasualtyReport{}, DeadLetter{}} {
		types[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	for name, fields := range schema {
		typ, ok := types[name]
		if !ok {
			t.Errorf("message %s has no Go type", name)
			continue
		}
		goFields := map[string]string{}
		for i := range typ.NumField() {
			parts := strings.Split(typ.Field(i).Tag.Get("protobuf"), ",")
			if len(parts) >= 4 {
				goFields[strings.TrimPrefix(parts[3], "name=")] = parts[1]
			}
		}
		if !reflect.DeepEqual(fields, goFields) {
			t.Errorf("%s: .proto fields %v, Go fields %v", name, fields, goFields)
		}
	}
	for name := range types {
		if _, ok := schema[name]; !ok {
			t.Errorf("Go type %s is not in newswire.proto", name)
		}
	}
}
