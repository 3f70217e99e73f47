package proto

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// loadFixtures reads testdata/<name>: one value per line in JSON, as the
// pipeline produced it (decoded with the standard library, independent of the
// codecs under test).
func loadFixtures[T any](tb testing.TB, name string) []*T {
	tb.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []*T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for sc.Scan() {
		v := new(T)
		if err := json.Unmarshal(sc.Bytes(), v); err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// benchSet is what the codec benchmarks run on: real messages of one type
// and a way to make an empty one to decode into.
type benchSet struct {
	name   string
	values []any
	fresh  func() any
}

// benchSets returns real enriched dispatches (testdata/enriched_fr.jsonl,
// 4.6 KB each in JSON) and the parsed dispatches inside them.
func benchSets(b *testing.B) []benchSet {
	parsed := benchSet{name: "ParsedDispatch", fresh: func() any { return new(ParsedDispatch) }}
	enriched := benchSet{name: "EnrichedDispatch", fresh: func() any { return new(EnrichedDispatch) }}
	for _, e := range loadFixtures[EnrichedDispatch](b, "enriched_fr.jsonl") {
		parsed.values = append(parsed.values, e.Dispatch)
		enriched.values = append(enriched.values, e)
	}
	return []benchSet{parsed, enriched}
}

// benchCodec runs op over each set in each encoding, in bytes of the
// encoded message per second.
func benchCodec(b *testing.B, op func(contentType string, set benchSet, i int, encoded []byte) error) {
	for _, set := range benchSets(b) {
		for _, enc := range []struct{ name, contentType string }{{"json", ContentTypeJSON}, {"protobuf", ContentTypeProtobuf}} {
			b.Run(set.name+"/"+enc.name, func(b *testing.B) {
				encoded := make([][]byte, len(set.values))
				size := 0
				for i, v := range set.values {
					data, err := Marshal(enc.contentType, v)
					if err != nil {
						b.Fatal(err)
					}
					encoded[i] = data
					size += len(data)
				}
				b.SetBytes(int64(size / len(encoded)))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := i % len(encoded)
					if err := op(enc.contentType, set, k, encoded[k]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	benchCodec(b, func(contentType string, set benchSet, i int, _ []byte) error {
		_, err := Marshal(contentType, set.values[i])
		return err
	})
}

func BenchmarkUnmarshal(b *testing.B) {
	benchCodec(b, func(contentType string, set benchSet, _ int, encoded []byte) error {
		return Unmarshal(contentType, encoded, set.fresh())
	})
}

// BenchmarkMarshalSpliced encodes enriched dispatches with their parsed
// dispatch spliced in from its encoding, as the enricher does; compare with
// BenchmarkMarshal/EnrichedDispatch/protobuf.
func BenchmarkMarshalSpliced(b *testing.B) {
	es := loadFixtures[EnrichedDispatch](b, "enriched_fr.jsonl")
	raws := make([][]byte, len(es))
	size := 0
	for i, e := range es {
		raw, err := Marshal(ContentTypeProtobuf, e.Dispatch)
		if err != nil {
			b.Fatal(err)
		}
		raws[i] = raw
		whole, _ := Marshal(ContentTypeProtobuf, e)
		size += len(whole)
	}
	b.SetBytes(int64(size / len(es)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := i % len(es)
		if _, err := MarshalProtobufSpliced(es[k], "dispatch", raws[k]); err != nil {
			b.Fatal(err)
		}
	}
}
