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
	"sync/atomic"
	"unsafe"

	"google.golang.org/protobuf/encoding/protowire"
)

// The protobuf codec: proto3 wire format for the message types of this
// package, driven by their `protobuf` struct tags (the field numbers of
// newswire.proto; schema_test.go keeps the two in step). A plan per Go type,
// computed once from the tags and checked against the Go field types, says
// for each field its number, wire type, what it holds and where it lies in
// its struct. Encoding walks the plan with reflect. Decoding, on the hot
// path of every stage, writes each field through its offset with package
// unsafe: the plan has checked that the Go type at that offset is the kind
// written there, and memory that holds pointers is only allocated through
// reflect, typed for the garbage collector.
//
// Proto3 semantics: zero scalars and nil pointers are omitted; a pointer
// (optional field, message) is present when non-nil even if it points to a
// zero value; every element of a repeated field is written (a zero message
// as an empty one); fields go in field-number order and map entries in key
// order, so equal values encode to equal bytes. A []byte is written when
// non-nil, so nil and empty survive a round trip as they were (segmentio's
// codec did the same). There are no repeated scalars, so nothing is packed.
// On decode, unknown fields are skipped and a field seen twice keeps the
// last value (a message field merges, as protobuf says). Decoded strings
// never alias the caller's bytes, which it may reuse: Unmarshal copies the
// input once and cuts every string of the result from that copy (one
// allocation instead of one per string; strings are immutable, so sharing
// is safe). Keeping any one of them (an ID, say) keeps that copy alive: a
// consumer that keeps IDs of many messages should copy them (strings.Clone).
// A []byte is mutable, so each gets its own copy.

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
	index    int          // of the field in its struct
	offset   uintptr      // of the field in its struct, for decoding
	typ      reflect.Type // of the field
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
	// pooled is the first repeated message field, if any (Paragraph's
	// sentences): in a run of these messages its elements share one
	// allocation.
	pooled *fieldPlan
}

// maxFieldNumber bounds the numbers a plan indexes directly (ours stop at 24).
const maxFieldNumber = 1 << 10

// The plans built so far. A program codes a handful of types, so a list
// scanned by type identity, replaced whole when a type is added, is found
// faster than a sync.Map hashes an interface.
var (
	plans   atomic.Pointer[[]planEntry]
	plansMu sync.Mutex // serialises building, so that a type is planned once
)

type planEntry struct {
	typ  reflect.Type
	plan *messagePlan
	err  error
}

// planFor returns the plan of struct type t, building and caching it on first use.
func planFor(t reflect.Type) (*messagePlan, error) {
	if e := lookupPlan(t); e != nil {
		return e.plan, e.err
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	if e := lookupPlan(t); e != nil {
		return e.plan, e.err
	}
	p, err := buildPlan(t, map[reflect.Type]*messagePlan{})
	var known []planEntry
	if l := plans.Load(); l != nil {
		known = *l
	}
	known = append(slices.Clip(known), planEntry{t, p, err})
	plans.Store(&known)
	return p, err
}

// lookupPlan returns the entry of t in plans, nil if there is none.
func lookupPlan(t reflect.Type) *planEntry {
	if l := plans.Load(); l != nil {
		for i := range *l {
			if (*l)[i].typ == t {
				return &(*l)[i]
			}
		}
	}
	return nil
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
		f.index, f.offset, f.typ = i, sf.Offset, sf.Type
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
		if p.pooled == nil && f.repeated && f.kind == kindMessage {
			p.pooled = f
		}
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
	// slab holds the elements that the pooled field of the messages of
	// the run being decoded will take, counted before (see slabFor). The
	// rest of it is lent to one message at a time, the one being
	// decoded, and what that message took is settled after it.
	slab struct {
		field *fieldPlan
		next  unsafe.Pointer // nil until allocated
		left  int
		lent  bool
	}
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
	if len(data) == 0 {
		return nil
	}
	// Strings are cut from this copy (see the top of the file). It is not
	// charged: the budget is already a multiple of len(data).
	owned := make([]byte, len(data))
	copy(owned, data)
	d := decoder{budget: decodeBudgetBase + decodeBudgetPerByte*len(data)}
	return d.message(p, rv.UnsafePointer(), owned, 1)
}

// consumeTag is protowire.ConsumeTag with the one-byte tags of every field
// numbered below 16 read inline.
func consumeTag(b []byte) (protowire.Number, protowire.Type, int) {
	// Field number 0 is invalid: protowire reports it.
	if len(b) > 0 && b[0] < 0x80 && b[0] >= 8 {
		return protowire.Number(b[0] >> 3), protowire.Type(b[0] & 7), 1
	}
	return protowire.ConsumeTag(b)
}

// consumeVarint is protowire.ConsumeVarint with values of one or two
// bytes (offsets in a dispatch's body, most lengths) read inline.
func consumeVarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	if len(b) > 1 && b[1] < 0x80 {
		return uint64(b[0]&0x7f) | uint64(b[1])<<7, 2
	}
	return protowire.ConsumeVarint(b)
}

// consumeBytes is protowire.ConsumeBytes with a one-byte length read
// inline; anything else, errors included, is left to protowire.
func consumeBytes(b []byte) ([]byte, int) {
	if l, n := consumeVarint(b); n > 0 && l <= uint64(len(b)-n) {
		return b[n : n+int(l)], n + int(l)
	}
	return protowire.ConsumeBytes(b)
}

// message decodes b, the fields of a message at nesting depth, into the
// struct at base, whose plan is p.
func (d *decoder) message(p *messagePlan, base unsafe.Pointer, b []byte, depth int) error {
	if depth > maxDecodeDepth {
		return fmt.Errorf("%s: messages nested deeper than %d", p.name, maxDecodeDepth)
	}
	for len(b) > 0 {
		// consumeTag by hand: the compiler does not inline it.
		num, typ, n := protowire.Number(b[0]>>3), protowire.Type(b[0]&7), 1
		if b[0] >= 0x80 || num == 0 {
			num, typ, n = protowire.ConsumeTag(b)
		}
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
		if f.kind == kindInt64 && !f.repeated && !f.optional {
			// The commonest field (offsets of paragraphs, sentences,
			// entities) is decoded here rather than in field, its
			// value read by hand when one or two bytes long.
			v := b[n:]
			if len(v) > 0 && v[0] < 0x80 {
				*(*int64)(unsafe.Add(base, f.offset)) = int64(v[0])
				b = v[1:]
				continue
			}
			if len(v) > 1 && v[1] < 0x80 {
				*(*int64)(unsafe.Add(base, f.offset)) = int64(v[0]&0x7f) | int64(v[1])<<7
				b = v[2:]
				continue
			}
		}
		m, err := d.field(f, unsafe.Add(base, f.offset), b, n, depth)
		if err != nil {
			return f.errorf(p, "%w", err)
		}
		b = b[n+m:]
	}
	return nil
}

// sliceHeader is the layout of a Go slice, for appending to a repeated
// field in place.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// field decodes one occurrence of f into the field at ptr. b starts at the
// field's tag, which is tagLen long; field returns the length of the value
// after it.
func (d *decoder) field(f *fieldPlan, ptr unsafe.Pointer, b []byte, tagLen, depth int) (int, error) {
	target := ptr
	switch {
	case f.repeated:
		s := (*sliceHeader)(ptr)
		if s.len == s.cap {
			if err := d.grow(f, ptr, b); err != nil {
				return 0, err
			}
		}
		// The element past the length is zero: grown memory is zeroed
		// and nothing else writes past the length.
		target = unsafe.Add(s.data, uintptr(s.len)*f.elem.Size())
		s.len++
	case f.optional:
		pp := (*unsafe.Pointer)(ptr)
		if *pp == nil {
			if err := d.charge(int(f.elem.Size())); err != nil {
				return 0, err
			}
			*pp = reflect.New(f.elem).UnsafePointer()
		}
		target = *pp
	}
	b = b[tagLen:]
	switch f.wire {
	case protowire.VarintType:
		x, n := consumeVarint(b)
		if n < 0 {
			return 0, protowire.ParseError(n)
		}
		switch f.kind {
		case kindInt64:
			*(*int64)(target) = int64(x)
		case kindUint64:
			*(*uint64)(target) = x
		case kindBool:
			*(*bool)(target) = x != 0
		}
		return n, nil
	case protowire.Fixed64Type:
		x, n := protowire.ConsumeFixed64(b)
		if n < 0 {
			return 0, protowire.ParseError(n)
		}
		*(*float64)(target) = math.Float64frombits(x)
		return n, nil
	}
	payload, n := consumeBytes(b)
	if n < 0 {
		return 0, protowire.ParseError(n)
	}
	switch f.kind {
	case kindMessage:
		err := d.message(f.msg, target, payload, depth+1)
		d.settle(f.msg, target)
		return n, err
	case kindStringMap:
		return n, d.mapEntry(reflect.NewAt(f.typ, ptr).Elem(), payload)
	}
	if err := d.charge(len(payload)); err != nil {
		return 0, err
	}
	if f.kind == kindString {
		// payload lies in the copy unmarshalProtobuf owns.
		*(*string)(target) = unsafe.String(unsafe.SliceData(payload), len(payload))
	} else {
		*(*[]byte)(target) = append(make([]byte, 0, len(payload)), payload...)
	}
	return n, nil
}

// grow makes room in the full slice at ptr, repeated field f, for one more
// element. At the field's first occurrence, b, it sizes the slice for the
// run of occurrences that starts there (a repeated field is written in one
// run); later it doubles it. The budget is charged before anything is
// allocated, and the slice is grown through reflect so that its memory is
// typed for the garbage collector.
func (d *decoder) grow(f *fieldPlan, ptr unsafe.Pointer, b []byte) error {
	s := (*sliceHeader)(ptr)
	n := s.cap
	if n == 0 {
		if d.slab.field == f && d.slab.left > 0 && !d.slab.lent {
			// Charged when counted; settle takes back what this
			// message does not use.
			if d.slab.next == nil {
				// The first borrower allocates the slab, in its own
				// slice: no slice header to allocate besides.
				reflect.NewAt(f.typ, ptr).Elem().Grow(d.slab.left)
				d.slab.next = s.data
			}
			s.data, s.cap = d.slab.next, d.slab.left
			d.slab.lent = true
			return nil
		}
		n = countRun(b)
	}
	if err := d.charge(n * int(f.elem.Size())); err != nil {
		return err
	}
	reflect.NewAt(f.typ, ptr).Elem().Grow(n)
	if s.len == 0 && f.msg != nil && f.msg.pooled != nil {
		d.slabFor(f.msg.pooled, b)
	}
	return nil
}

// settle ends the loan of the slab to the message just decoded at base,
// whose plan is p: its pooled field keeps the elements it holds, with no
// capacity beyond them, so that appending to one slice never writes into
// the next.
func (d *decoder) settle(p *messagePlan, base unsafe.Pointer) {
	f := p.pooled
	if f == nil || d.slab.field != f || !d.slab.lent {
		return
	}
	s := (*sliceHeader)(unsafe.Add(base, f.offset))
	if s.data != d.slab.next {
		return // lent to another message, or grown out of the slab
	}
	d.slab.lent = false
	s.cap = s.len
	d.slab.left -= s.len
	if d.slab.left == 0 {
		d.slab.field, d.slab.next = nil, nil // never past the end of the slab
	} else {
		d.slab.next = unsafe.Add(s.data, uintptr(s.len)*f.elem.Size())
	}
	if s.len == 0 {
		// An empty field stays nil, as it would have without the slab.
		s.data = nil
	}
}

// slabFor readies one slab for the elements of field f (pooled) in all
// the messages of the run at b, so that a dispatch's sentences take one
// allocation instead of one per paragraph. It counts f's occurrences in
// each message of the run and charges the budget for them; the first
// message to need some allocates the slab (see grow). Anything odd ends
// the count early: the messages the slab cannot serve allocate their own.
func (d *decoder) slabFor(f *fieldPlan, b []byte) {
	if d.slab.lent {
		return // a message of a type that contains itself: keep it simple
	}
	d.slab.field, d.slab.next, d.slab.left = nil, nil, 0
	first, _, _ := consumeTag(b)
	total := 0
	for len(b) > 0 {
		num, typ, n := consumeTag(b)
		if n < 0 || num != first || typ != protowire.BytesType {
			break
		}
		msg, m := consumeBytes(b[n:])
		if m < 0 {
			break
		}
		b = b[n+m:]
		for len(msg) > 0 {
			num, typ, n := consumeField(msg)
			if n < 0 {
				break
			}
			if num == f.num && typ == f.wire {
				total++
			}
			msg = msg[n:]
		}
	}
	if total < 2 || d.charge(total*int(f.elem.Size())) != nil {
		return
	}
	d.slab.field, d.slab.left = f, total // allocated by the first borrower
}

// countRun counts the fields at the start of b, a message's fields, that
// have the number of the first one (at least 1).
func countRun(b []byte) int {
	first, _, _ := consumeTag(b)
	count := 0
	for len(b) > 0 {
		num, _, n := consumeField(b)
		if n < 0 || num != first {
			break
		}
		count++
		b = b[n:]
	}
	return max(1, count)
}

// consumeField is protowire.ConsumeField with the common cases read by
// consumeTag and consumeBytes.
func consumeField(b []byte) (protowire.Number, protowire.Type, int) {
	num, typ, n := consumeTag(b)
	if n < 0 {
		return 0, 0, n
	}
	var m int
	if typ == protowire.BytesType {
		_, m = consumeBytes(b[n:])
	} else {
		m = protowire.ConsumeFieldValue(num, typ, b[n:])
	}
	if m < 0 {
		return 0, 0, m
	}
	return num, typ, n + m
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
