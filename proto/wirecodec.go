package proto

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/protobuf/encoding/protowire"
)

// The protobuf codec: proto3 wire format for the message types of this
// package, driven by their `protobuf` struct tags (the field numbers of
// newswire.proto; schema_test.go keeps the two in step). A plan per Go type,
// computed once from the tags and checked against the Go field types, says
// for each field its number, wire type and what it holds; encoding and
// decoding walk the plan with reflect. There is no unsafe code.
//
// Proto3 semantics: zero scalars and nil pointers are omitted; a pointer
// (optional field, message) is present when non-nil even if it points to a
// zero value; every element of a repeated field is written (a zero message
// as an empty one); fields go in field-number order and map entries in key
// order, so equal values encode to equal bytes. A []byte is written when
// non-nil, so nil and empty survive a round trip as they were (segmentio's
// codec did the same). There are no repeated scalars, so nothing is packed.
// On decode, unknown fields are skipped and a field seen twice keeps the
// last value (a message field merges, as protobuf says). Decoded strings are
// copies: keeping one (an ID, say) never keeps the whole message alive.

// valueKind is what a field holds, whether alone, in a slice or behind a pointer.
type valueKind uint8

const (
	kindString valueKind = iota + 1
	kindBytes
	kindInt64
	kindUint64
	kindBool
	kindDouble
	kindMessage
	kindStringMap // map<string, string>
)

// kindWire is the wire type of each kind, and the name struct tags give it.
var kindWire = map[valueKind]struct {
	typ  protowire.Type
	name string
}{
	kindString:    {protowire.BytesType, "bytes"},
	kindBytes:     {protowire.BytesType, "bytes"},
	kindInt64:     {protowire.VarintType, "varint"},
	kindUint64:    {protowire.VarintType, "varint"},
	kindBool:      {protowire.VarintType, "varint"},
	kindDouble:    {protowire.Fixed64Type, "fixed64"},
	kindMessage:   {protowire.BytesType, "bytes"},
	kindStringMap: {protowire.BytesType, "bytes"},
}

// goKinds is what a field of each Go kind holds (alone, in a slice or behind
// a pointer; []byte and maps are told apart before).
var goKinds = map[reflect.Kind]valueKind{
	reflect.String:  kindString,
	reflect.Int64:   kindInt64,
	reflect.Uint64:  kindUint64,
	reflect.Bool:    kindBool,
	reflect.Float64: kindDouble,
	reflect.Struct:  kindMessage,
}

// fieldPlan says how one struct field travels.
type fieldPlan struct {
	name     string // proto field name, for errors
	num      protowire.Number
	wire     protowire.Type
	index    int // of the field in its struct
	kind     valueKind
	repeated bool         // a slice of kind (not []byte)
	optional bool         // a pointer: present when non-nil
	elem     reflect.Type // element of a repeated field, pointee of an optional one
	msg      *messagePlan // kindMessage only
}

// messagePlan says how one struct type travels.
type messagePlan struct {
	name   string
	fields []fieldPlan  // in field-number order
	byNum  []*fieldPlan // indexed by field number; nil for unknown numbers
}

// maxFieldNumber bounds the numbers a plan indexes directly (ours stop at 24).
const maxFieldNumber = 1 << 10

var (
	plans   sync.Map   // reflect.Type → planEntry
	plansMu sync.Mutex // serialises building, so that a type is planned once
)

type planEntry struct {
	plan *messagePlan
	err  error
}

// planFor returns the plan of struct type t, building and caching it on first use.
func planFor(t reflect.Type) (*messagePlan, error) {
	if e, ok := plans.Load(t); ok {
		return e.(planEntry).plan, e.(planEntry).err
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	if e, ok := plans.Load(t); ok {
		return e.(planEntry).plan, e.(planEntry).err
	}
	p, err := buildPlan(t, map[reflect.Type]*messagePlan{})
	plans.Store(t, planEntry{p, err})
	return p, err
}

// buildPlan plans struct type t. building holds the plans under
// construction, so that a type that contains itself refers to its own plan.
func buildPlan(t reflect.Type, building map[reflect.Type]*messagePlan) (*messagePlan, error) {
	if p, ok := building[t]; ok {
		return p, nil
	}
	p := &messagePlan{name: t.Name()}
	building[t] = p
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("protobuf")
		if !ok || !sf.IsExported() {
			continue
		}
		f, err := planField(sf.Type, tag, building)
		if err != nil {
			return nil, fmt.Errorf("protobuf codec: %s.%s: %w", t.Name(), sf.Name, err)
		}
		f.index = i
		p.fields = append(p.fields, f)
	}
	slices.SortFunc(p.fields, func(a, b fieldPlan) int { return int(a.num - b.num) })
	if n := len(p.fields); n > 0 {
		p.byNum = make([]*fieldPlan, p.fields[n-1].num+1)
	}
	for i := range p.fields {
		f := &p.fields[i]
		if p.byNum[f.num] != nil {
			return nil, fmt.Errorf("protobuf codec: %s: field number %d used twice", t.Name(), f.num)
		}
		p.byNum[f.num] = f
	}
	return p, nil
}

// planField reads a struct tag such as "bytes,19,rep,name=paragraphs,proto3"
// and checks it against t, the Go type of the field.
func planField(t reflect.Type, tag string, building map[reflect.Type]*messagePlan) (fieldPlan, error) {
	parts := strings.Split(tag, ",")
	if len(parts) < 4 || !strings.HasPrefix(parts[3], "name=") {
		return fieldPlan{}, fmt.Errorf("malformed protobuf tag %q", tag)
	}
	num, err := strconv.Atoi(parts[1])
	if err != nil || num < 1 || num > maxFieldNumber {
		return fieldPlan{}, fmt.Errorf("protobuf tag %q: field number not in [1, %d]", tag, maxFieldNumber)
	}
	f := fieldPlan{name: strings.TrimPrefix(parts[3], "name="), num: protowire.Number(num)}
	base := t
	switch {
	case t.Kind() == reflect.Map:
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.String {
			return f, fmt.Errorf("unsupported map type %s", t)
		}
		f.kind = kindStringMap
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		f.kind = kindBytes
	case t.Kind() == reflect.Slice:
		// Repeated scalars would travel packed; no message has one.
		if k := t.Elem().Kind(); k != reflect.String && k != reflect.Struct {
			return f, fmt.Errorf("unsupported repeated type %s", t)
		}
		f.repeated, f.elem, base = true, t.Elem(), t.Elem()
	case t.Kind() == reflect.Pointer:
		f.optional, f.elem, base = true, t.Elem(), t.Elem()
	case t.Kind() == reflect.Struct:
		return f, fmt.Errorf("a message field must be a pointer, not %s", t)
	}
	if f.kind == 0 {
		if f.kind = goKinds[base.Kind()]; f.kind == 0 {
			return f, fmt.Errorf("unsupported type %s", t)
		}
		if f.kind == kindMessage {
			if f.msg, err = buildPlan(base, building); err != nil {
				return f, err
			}
		}
	}
	wire := kindWire[f.kind]
	f.wire = wire.typ
	if parts[0] != wire.name {
		return f, fmt.Errorf("protobuf tag %q: wire type %s, want %s for %s", tag, parts[0], wire.name, t)
	}
	if (parts[2] == "rep") != (f.repeated || f.kind == kindStringMap) {
		return f, fmt.Errorf("protobuf tag %q: rep does not match %s", tag, t)
	}
	return f, nil
}

// ---- Encoding ----

// encodeBuffers recycles the scratch a message is encoded into before it is
// copied out at its exact size.
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer keeps one outsized message from pinning its buffer.
const maxPooledBuffer = 1 << 20

// marshalProtobuf encodes v, a struct or a pointer to one.
func marshalProtobuf(v any) ([]byte, error) {
	return marshalSpliced(v, "", nil)
}

// MarshalProtobufSpliced encodes v, a struct or a pointer to one, as
// Marshal does in protobuf, except for its message field named field (the
// proto name, e.g. "dispatch"): that field is written from encoded, the
// protobuf encoding of its value, whatever v holds there. It spares
// encoding again a message received encoded: the enricher's output carries
// its input dispatch. A message field is length-delimited, so the result
// decodes as if the field had been encoded from the value encoded decodes to.
func MarshalProtobufSpliced(v any, field string, encoded []byte) ([]byte, error) {
	if field == "" {
		return nil, errors.New("protobuf codec: no field to splice")
	}
	b, err := marshalSpliced(v, field, encoded)
	if err != nil {
		return nil, fmt.Errorf("encoding %T as protobuf: %w", v, err)
	}
	return b, nil
}

// marshalSpliced is marshalProtobuf writing the message field named
// spliced (none if "") from encoded.
func marshalSpliced(v any, spliced string, encoded []byte) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return []byte{}, nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("protobuf codec: cannot encode %T, want a struct", v)
	}
	p, err := planFor(rv.Type())
	if err != nil {
		return nil, err
	}
	splice := -1 // index in p.fields
	if spliced != "" {
		splice = slices.IndexFunc(p.fields, func(f fieldPlan) bool { return f.name == spliced })
		if splice < 0 || p.fields[splice].kind != kindMessage || p.fields[splice].repeated {
			return nil, fmt.Errorf("protobuf codec: %s has no message field %q to splice", p.name, spliced)
		}
	}
	buf := encodeBuffers.Get().(*[]byte)
	b := (*buf)[:0]
	if splice < 0 {
		b = p.append(b, rv)
	} else {
		// Fields go in number order, the spliced one among them.
		b = p.appendFields(b, rv, p.fields[:splice])
		f := &p.fields[splice]
		b = protowire.AppendBytes(protowire.AppendTag(b, f.num, f.wire), encoded)
		b = p.appendFields(b, rv, p.fields[splice+1:])
	}
	out := make([]byte, len(b))
	copy(out, b)
	if cap(b) <= maxPooledBuffer {
		*buf = b
		encodeBuffers.Put(buf)
	}
	return out, nil
}

// append appends the fields of struct v.
func (p *messagePlan) append(b []byte, v reflect.Value) []byte {
	return p.appendFields(b, v, p.fields)
}

// appendFields appends fields of struct v, whose plan is p.
func (p *messagePlan) appendFields(b []byte, v reflect.Value, fields []fieldPlan) []byte {
	for i := range fields {
		f := &fields[i]
		fv := v.Field(f.index)
		switch {
		case f.repeated:
			for j, n := 0, fv.Len(); j < n; j++ {
				b = f.appendOne(b, fv.Index(j), false)
			}
		case f.kind == kindStringMap:
			b = f.appendMap(b, fv)
		case f.optional:
			if !fv.IsNil() {
				b = f.appendOne(b, fv.Elem(), false)
			}
		case f.kind == kindBytes:
			if !fv.IsNil() {
				b = f.appendOne(b, fv, false)
			}
		default:
			b = f.appendOne(b, fv, true)
		}
	}
	return b
}

// appendOne appends one occurrence of the field, its tag and v, unless v is
// zero and omitZero says a zero is left out.
func (f *fieldPlan) appendOne(b []byte, v reflect.Value, omitZero bool) []byte {
	switch f.kind {
	case kindString:
		s := v.String()
		if omitZero && s == "" {
			return b
		}
		return protowire.AppendString(protowire.AppendTag(b, f.num, f.wire), s)
	case kindBytes:
		return protowire.AppendBytes(protowire.AppendTag(b, f.num, f.wire), v.Bytes())
	case kindInt64, kindUint64, kindBool:
		var x uint64
		switch f.kind {
		case kindInt64:
			x = uint64(v.Int())
		case kindUint64:
			x = v.Uint()
		default:
			x = protowire.EncodeBool(v.Bool())
		}
		if omitZero && x == 0 {
			return b
		}
		return protowire.AppendVarint(protowire.AppendTag(b, f.num, f.wire), x)
	case kindDouble:
		// The bits, not the value: -0 is written, and survives.
		x := math.Float64bits(v.Float())
		if omitZero && x == 0 {
			return b
		}
		return protowire.AppendFixed64(protowire.AppendTag(b, f.num, f.wire), x)
	}
	b = protowire.AppendTag(b, f.num, f.wire)
	start := len(b)
	return closeLength(f.msg.append(append(b, 0), v), start)
}

// appendMap appends a map<string, string> as entries (key 1, value 2) in key
// order, so that equal maps encode to equal bytes.
func (f *fieldPlan) appendMap(b []byte, m reflect.Value) []byte {
	keys := m.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		b = protowire.AppendTag(b, f.num, protowire.BytesType)
		start := len(b)
		b = append(b, 0)
		for num, s := range [...]string{1: k.String(), 2: m.MapIndex(k).String()} {
			if s != "" {
				b = protowire.AppendString(protowire.AppendTag(b, protowire.Number(num), protowire.BytesType), s)
			}
		}
		b = closeLength(b, start)
	}
	return b
}

// closeLength writes the length of the nested message appended after the
// one byte reserved for it at b[start]. Most nested messages (sentences,
// entities, places) are under 128 bytes and fit; a longer one is shifted
// right to make room, which costs less than sizing every message before
// writing it.
func closeLength(b []byte, start int) []byte {
	n := len(b) - start - 1
	if n < 0x80 {
		b[start] = byte(n)
		return b
	}
	k := protowire.SizeVarint(uint64(n))
	b = append(b, make([]byte, k-1)...)
	copy(b[start+k:], b[start+1:start+1+n])
	protowire.AppendVarint(b[:start], uint64(n))
	return b
}

// ---- Decoding ----

// Decoding limits. The bytes are untrusted: nothing they say may make the
// decoder recurse or allocate without bound.
const (
	// maxDecodeDepth bounds message nesting (the schema itself needs 4).
	maxDecodeDepth = 32
	// A decoded value may take at most decodeBudgetPerByte bytes of memory
	// per input byte, plus decodeBudgetBase: far more than real messages
	// need (1.5 per byte on average over the feed, 3 at worst), far less
	// than what a hostile one could claim (an empty Place costs 2 bytes on
	// the wire, 152 in memory).
	decodeBudgetPerByte = 16
	decodeBudgetBase    = 1 << 20
	// mapEntryCost approximates what a map entry costs beyond its strings.
	mapEntryCost = 64
)

var errBudget = errors.New("decoded value would exceed the allocation limit")

// decoder holds what one Unmarshal may still allocate.
type decoder struct {
	budget int
}

// charge takes n bytes from the allocation budget.
func (d *decoder) charge(n int) error {
	if n > d.budget {
		return errBudget
	}
	d.budget -= n
	return nil
}

// unmarshalProtobuf decodes data into v, a non-nil pointer to a struct,
// which is reset first.
func unmarshalProtobuf(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("protobuf codec: cannot decode into %T, want a non-nil pointer to a struct", v)
	}
	p, err := planFor(rv.Elem().Type())
	if err != nil {
		return err
	}
	rv.Elem().SetZero()
	d := decoder{budget: decodeBudgetBase + decodeBudgetPerByte*len(data)}
	return d.message(p, rv.Elem(), data, 1)
}

// message decodes b, the fields of a message at nesting depth, into struct v.
func (d *decoder) message(p *messagePlan, v reflect.Value, b []byte, depth int) error {
	if depth > maxDecodeDepth {
		return fmt.Errorf("%s: messages nested deeper than %d", p.name, maxDecodeDepth)
	}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%s: field tag: %w", p.name, protowire.ParseError(n))
		}
		var f *fieldPlan
		if int(num) < len(p.byNum) {
			f = p.byNum[num]
		}
		if f == nil {
			m := protowire.ConsumeFieldValue(num, typ, b[n:])
			if m < 0 {
				return fmt.Errorf("%s: unknown field %d: %w", p.name, num, protowire.ParseError(m))
			}
			b = b[n+m:]
			continue
		}
		if typ != f.wire {
			return f.errorf(p, "wire type %s, want %s", wireTypeName(typ), wireTypeName(f.wire))
		}
		m, err := d.field(f, v.Field(f.index), b, n, depth)
		if err != nil {
			return f.errorf(p, "%w", err)
		}
		b = b[n+m:]
	}
	return nil
}

// field decodes one occurrence of f into fv. b starts at the field's tag,
// which is tagLen long; field returns the length of the value after it.
func (d *decoder) field(f *fieldPlan, fv reflect.Value, b []byte, tagLen, depth int) (int, error) {
	target := fv
	switch {
	case f.repeated:
		if err := d.reserve(f, fv, b); err != nil {
			return 0, err
		}
		l := fv.Len()
		fv.SetLen(l + 1)
		target = fv.Index(l)
	case f.optional:
		if fv.IsNil() {
			if err := d.charge(int(f.elem.Size())); err != nil {
				return 0, err
			}
			fv.Set(reflect.New(f.elem))
		}
		target = fv.Elem()
	}
	b = b[tagLen:]
	switch f.wire {
	case protowire.VarintType:
		x, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return 0, protowire.ParseError(n)
		}
		switch f.kind {
		case kindInt64:
			target.SetInt(int64(x))
		case kindUint64:
			target.SetUint(x)
		case kindBool:
			target.SetBool(x != 0)
		}
		return n, nil
	case protowire.Fixed64Type:
		x, n := protowire.ConsumeFixed64(b)
		if n < 0 {
			return 0, protowire.ParseError(n)
		}
		target.SetFloat(math.Float64frombits(x))
		return n, nil
	}
	payload, n := protowire.ConsumeBytes(b)
	if n < 0 {
		return 0, protowire.ParseError(n)
	}
	switch f.kind {
	case kindMessage:
		return n, d.message(f.msg, target, payload, depth+1)
	case kindStringMap:
		return n, d.mapEntry(fv, payload)
	}
	if err := d.charge(len(payload)); err != nil {
		return 0, err
	}
	if f.kind == kindString {
		target.SetString(string(payload))
	} else {
		target.SetBytes(append(make([]byte, 0, len(payload)), payload...))
	}
	return n, nil
}

// reserve makes room in slice fv for one more element of f. At the field's
// first occurrence, b, it sizes the slice for the run of occurrences that
// starts there (a repeated field is written in one run); later it doubles
// it. The budget is charged before anything is allocated.
func (d *decoder) reserve(f *fieldPlan, fv reflect.Value, b []byte) error {
	if fv.Len() < fv.Cap() {
		return nil
	}
	n := fv.Cap()
	if n == 0 {
		n = countRun(b)
	}
	if err := d.charge(n * int(f.elem.Size())); err != nil {
		return err
	}
	fv.Grow(n)
	return nil
}

// countRun counts the fields at the start of b, a message's fields, that
// have the number of the first one (at least 1).
func countRun(b []byte) int {
	first, _, _ := protowire.ConsumeTag(b)
	count := 0
	for len(b) > 0 {
		num, _, n := protowire.ConsumeField(b)
		if n < 0 || num != first {
			break
		}
		count++
		b = b[n:]
	}
	return max(1, count)
}

// mapEntry decodes a map<string, string> entry (key 1, value 2) into m.
func (d *decoder) mapEntry(m reflect.Value, b []byte) error {
	var kv [3][]byte // by field number
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("map entry: %w", protowire.ParseError(n))
		}
		l := protowire.ConsumeFieldValue(num, typ, b[n:])
		if l < 0 {
			return fmt.Errorf("map entry field %d: %w", num, protowire.ParseError(l))
		}
		if num == 1 || num == 2 {
			if typ != protowire.BytesType {
				return fmt.Errorf("map entry field %d: wire type %s, want bytes", num, wireTypeName(typ))
			}
			kv[num], _ = protowire.ConsumeBytes(b[n:])
		}
		b = b[n+l:]
	}
	if err := d.charge(mapEntryCost + len(kv[1]) + len(kv[2])); err != nil {
		return err
	}
	if m.IsNil() {
		m.Set(reflect.MakeMap(m.Type()))
	}
	m.SetMapIndex(reflect.ValueOf(string(kv[1])), reflect.ValueOf(string(kv[2])))
	return nil
}

// errorf says which message and field a decoding error is about; nested
// ones read outermost first, e.g. "ParsedDispatch.paragraphs (field 19):
// Paragraph.sentences (field 4): Sentence.end (field 2): wire type bytes, want varint".
func (f *fieldPlan) errorf(p *messagePlan, format string, args ...any) error {
	return fmt.Errorf("%s.%s (field %d): %w", p.name, f.name, f.num, fmt.Errorf(format, args...))
}

func wireTypeName(t protowire.Type) string {
	switch t {
	case protowire.VarintType:
		return "varint"
	case protowire.Fixed32Type:
		return "fixed32"
	case protowire.Fixed64Type:
		return "fixed64"
	case protowire.BytesType:
		return "bytes"
	case protowire.StartGroupType:
		return "group"
	case protowire.EndGroupType:
		return "end group"
	}
	return strconv.Itoa(int(t))
}
