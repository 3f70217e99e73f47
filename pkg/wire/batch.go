package wire

import (
	"bytes"
	"fmt"

	"github.com/newswire/newswire/proto"
)

// MaxBatchItems bounds the number of documents ParseBatch reads.
const MaxBatchItems = 100_000

// ParseBatch parses NDJSON: one JSON document (generic envelope or ninjs)
// per line; blank lines are skipped. It returns the dispatches it could
// parse and one error per line it could not, each naming its line, so a
// bad line never costs the others. opts apply to every line, except that an
// empty Format is detected line by line.
func ParseBatch(data []byte, opts Options) ([]*proto.ParsedDispatch, []error) {
	if len(data) > MaxBatchSize {
		return nil, []error{fmt.Errorf("%w: batch of %d bytes, limit %d", ErrTooLarge, len(data), MaxBatchSize)}
	}
	var out []*proto.ParsedDispatch
	var errs []error
	lineNo := 0
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		lineNo++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if len(out)+len(errs) >= MaxBatchItems {
			errs = append(errs, fmt.Errorf("line %d: %w: more than %d documents", lineNo, ErrTooLarge, MaxBatchItems))
			break
		}
		o := opts
		if o.Format == "" {
			o.Format, _ = detectJSON(line, nil)
		}
		if o.Format != FormatJSON && o.Format != FormatNinjs {
			errs = append(errs, fmt.Errorf("line %d: %w: batches hold JSON documents, not %q", lineNo, ErrUnknownFormat, o.Format))
			continue
		}
		d, err := Parse(line, o)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", lineNo, err))
			continue
		}
		out = append(out, d)
	}
	return out, errs
}

// MaxBatchSize is the largest NDJSON batch ParseBatch accepts; each line is
// also bounded by MaxSize.
const MaxBatchSize = 256 << 20
