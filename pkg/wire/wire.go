// Package wire parses news-agency wire formats into normalised dispatches
// (proto.ParsedDispatch): IPTC NITF 3.x, NewsML-G2 (newsItem, newsMessage,
// packages' text items), NewsML 1.2 (AFP's flavour), ANPA-1312 (AP), IPTC
// ninjs 1.x/2.x, a generic JSON envelope, and plain text as agencies file it.
//
// Every parser fills the same fields the same way, so downstream stages never
// look at the source format:
//
//   - Text is UTF-8, NFC, with HTML/XML entities resolved and white space
//     tidied; U+00A0 and U+202F are kept (see package text/normalize).
//   - BodyText holds one paragraph per line; Paragraphs and their Sentences
//     carry byte offsets into it (package text/segment).
//   - Times are RFC 3339 in UTC. A time without a zone designator (an AFP
//     "20240710T125902", a bare date) is taken to be UTC: AFP's NewsML times
//     carry "Z", so a missing designator is most likely UTC that a relay
//     dropped, and guessing a bureau's local zone from its dateline would be
//     wrong across daylight-saving changes.
//   - Identity is provider + provider id + version (DispatchID), so the same
//     item re-sent gives the same ID and its updates, corrections and kills
//     point at the version they replace (Revision.Replaces): NewsML-G2 links
//     to a previous version, NewsML 1.2 PreviousRevision, ANPA "Nth Ld"
//     (replacing lead N-1; other version words replace the original). Tags
//     give the kind where no link exists (G2 signals, Reuters "UPDATE n",
//     "CORRECTED-", "REFILE-", AFP "(2ND LEAD)"); Replaces is then empty. A
//     canceled item is a kill.
//   - The provider is the one the item names, else the sender's
//     Options.Source, else the agency in the body's dateline ("(AFP)").
//   - Language is the declared tag unless the text clearly says otherwise
//     (package text/langid); "und" when nothing can be said.
//
// Parsing is deterministic: the same bytes and Options give the same result,
// because the ingest service derives the message id from a first parse and
// the parser stage parses the raw bytes again. Input is untrusted: sizes,
// XML depth and element counts are bounded, DTDs are refused, and errors are
// permanent (*ParseError, ErrTooLarge, ErrUnknownFormat).
package wire

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/text/langid"
	"github.com/newswire/newswire/pkg/text/normalize"
	"github.com/newswire/newswire/pkg/text/segment"
	"github.com/newswire/newswire/proto"
)

// MaxSize is the largest input Parse accepts. Wire items are kilobytes; the
// bound keeps a hostile or broken sender from exhausting memory.
const MaxSize = 8 << 20

// Format names, as Options.Format and ParsedDispatch.SourceFormat use them.
const (
	FormatText     = "text"
	FormatNITF     = "nitf"
	FormatNewsMLG2 = "newsmlg2"
	FormatNewsML12 = "newsml12"
	FormatANPA     = "anpa"
	FormatNinjs    = "ninjs"
	FormatJSON     = "json"
)

// Options describe how a dispatch arrived.
type Options struct {
	Format      string // "", "text", "nitf", "newsmlg2", "newsml12", "anpa", "ninjs", "json" (generic envelope); "" = detect
	ContentType string // HTTP Content-Type, may carry charset
	Source      string // feed/provider name the sender gave (e.g. "afp"), may be ""
	Language    string // language the sender declared, may be ""
	ReceivedAt  time.Time
}

var (
	// ErrTooLarge reports an input above MaxSize.
	ErrTooLarge = errors.New("wire: input too large")
	// ErrUnknownFormat reports an input whose format is neither named nor recognisable.
	ErrUnknownFormat = errors.New("wire: unknown format")
)

// ParseError is a permanent failure to parse an input in a given format:
// retrying the same bytes will fail the same way.
type ParseError struct {
	Format string
	Reason string
	Err    error
}

func (e *ParseError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("wire: parsing %s: %s: %v", e.Format, e.Reason, e.Err)
	}
	return fmt.Sprintf("wire: parsing %s: %s", e.Format, e.Reason)
}

func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(format, reason string, err error) error {
	return &ParseError{Format: format, Reason: reason, Err: err}
}

// Parse parses one dispatch. See the package documentation for the rules.
func Parse(data []byte, opts Options) (d *proto.ParsedDispatch, err error) {
	// A parser bug must cost one dispatch (to the dead-letter queue), not
	// the process. The fuzz targets call parse directly so bugs still show.
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, &ParseError{Format: opts.Format, Reason: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	return parse(data, opts)
}

func parse(data []byte, opts Options) (*proto.ParsedDispatch, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxSize)
	}
	format := formatAlias(opts.Format)
	var (
		envelope envelopeValues // decoded by detection, if it could
		scanned  bool
	)
	if format == "" {
		format, scanned = detectFormat(data, opts.ContentType, &envelope)
		if format == "" {
			return nil, ErrUnknownFormat
		}
	}
	charset := normalize.CharsetFromContentType(opts.ContentType)
	var (
		d   *draft
		err error
	)
	switch format {
	case FormatNITF, FormatNewsMLG2, FormatNewsML12:
		d, err = parseXMLFormat(format, data, charset)
	case FormatANPA:
		d, err = parseANPA(data, charset)
	case FormatNinjs:
		d, err = parseNinjs(data)
	case FormatJSON:
		var decoded *envelopeValues
		if scanned {
			decoded = &envelope
		}
		d, err = parseEnvelope(data, decoded)
	case FormatText:
		d, err = parseText(data, charset)
	default:
		return nil, fmt.Errorf("%w: %q", ErrUnknownFormat, opts.Format)
	}
	if err != nil {
		return nil, err
	}
	out := d.finish(format, opts)
	if out.Headline == "" && out.BodyText == "" && out.Status != proto.StatusCanceled {
		// Nothing downstream can use it; a kill notice needs no text.
		return nil, parseErr(format, "no headline and no body text", nil)
	}
	return out, nil
}

// formatAlias maps the names senders use for formats (?format= on the
// ingest) to the canonical ones; "xml" and "auto" mean "detect".
func formatAlias(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "auto", "xml", "detect":
		return ""
	case "txt", "plain", "text/plain":
		return FormatText
	case "g2", "newsml-g2", "newsml_g2", "nml2":
		return FormatNewsMLG2
	case "newsml", "newsml1", "newsml-1.2", "newsml1.2", "newsml_12":
		return FormatNewsML12
	case "anpa1312", "anpa-1312", "iptc7901":
		return FormatANPA
	case "envelope":
		return FormatJSON
	}
	return name
}

func parseXMLFormat(format string, data []byte, charset string) (*draft, error) {
	if charset == "" {
		charset = xmlDeclaredCharset(data)
	}
	utf8Data, err := normalize.ToUTF8(data, charset)
	if err != nil {
		return nil, parseErr(format, "decoding charset", err)
	}
	root, err := parseXML(utf8Data)
	if err != nil {
		return nil, parseErr(format, "reading XML", err)
	}
	switch format {
	case FormatNITF:
		return parseNITF(root)
	case FormatNewsMLG2:
		return parseNewsMLG2(root)
	default:
		return parseNewsML12(root)
	}
}

// unknownSource is the source of a dispatch nobody named a provider for; it
// matches the token the stage runtime puts in subjects for an empty name.
const unknownSource = "unknown"

// draft is what a format parser extracts, before the shared normalisation.
type draft struct {
	provider       string // provider as the item names it ("afp.com", "AP", "Reuters")
	providerID     string // the provider's id of the story, version excluded
	version        string
	declaredLang   string
	urgency        int64
	status         string // usable, withheld, canceled ("" = usable)
	slug           string
	headline       string
	subheadlines   []string
	dateline       string // as written: "Strasbourg, 10 juil 2024 (AFP)"
	datelineDate   string // a date given apart from the dateline
	place          string // a place given apart from the dateline
	byline         string
	firstCreated   string
	versionCreated string
	subjects       []string
	keywords       []string
	paragraphs     []string
	// cleanParagraphs: every paragraph is clean text, its own
	// normalize.Block form (see plainStringRun).
	cleanParagraphs bool
	kind            string // revision kind ("" = derive)
	replaces        bool   // this version replaces a known one (replacesVer may be "")
	replacesVer     string // version this one replaces, same provider id
	replacesID      string // provider id of the replaced item when it differs
	revisionNote    string
	killed          bool
	agency          string // agency named in the body dateline: "AFP" in "PARIS (AFP) -"
}

// trustCleanParagraphs lets finish take paragraphs the scan found clean as
// they are; tests turn it off to check that normalising them changes
// nothing.
var trustCleanParagraphs = true

// finish applies the rules every format shares and builds the dispatch.
func (d *draft) finish(format string, opts Options) *proto.ParsedDispatch {
	out := &proto.ParsedDispatch{SourceFormat: format}

	// Body: one normalised paragraph per line, separators and empties
	// dropped. The dateline looks at the first lines only.
	var (
		body       strings.Builder
		firstLines = make([]string, 0, maxDatelineParagraph)
	)
	size := 0
	for _, p := range d.paragraphs {
		size += len(p) + 1
	}
	body.Grow(size) // normalising seldom lengthens text
	for _, p := range d.paragraphs {
		block := p
		if !d.cleanParagraphs || !trustCleanParagraphs {
			block = normalize.Block(p)
		}
		for block != "" {
			line, rest, _ := strings.Cut(block, "\n")
			block = rest
			if line == "" || isSeparator(line) {
				continue
			}
			if body.Len() > 0 {
				body.WriteByte('\n')
			}
			body.WriteString(line)
			if len(firstLines) < maxDatelineParagraph {
				firstLines = append(firstLines, line)
			}
		}
	}
	out.BodyText = body.String()
	out.Paragraphs = paragraphs(out.BodyText)

	out.Headline = normalize.Inline(d.headline)
	if out.Headline == "" && len(out.Paragraphs) > 0 {
		out.Headline = headlineFromSentence(out.Paragraphs[0], out.BodyText)
	}
	for _, s := range d.subheadlines {
		if s = normalize.Inline(s); s != "" {
			out.Subheadlines = append(out.Subheadlines, s)
		}
	}
	out.Slug = normalize.Inline(d.slug)
	out.Byline = normalize.Inline(d.byline)
	out.Dateline = d.buildDateline(firstLines)
	out.FirstCreated = normalizeTime(d.firstCreated)
	out.VersionCreated = normalizeTime(d.versionCreated)
	if out.VersionCreated == "" {
		out.VersionCreated = out.FirstCreated
	}
	out.Subjects = cleanList(d.subjects)
	out.Keywords = cleanList(d.keywords)
	if d.urgency >= 1 && d.urgency <= 9 {
		out.Urgency = d.urgency
	}

	// Identity. An item that does not name its provider is the sender's,
	// else the agency its dateline credits.
	sender := sourceToken(opts.Source)
	if sender == unknownSource {
		// The token that stands for "nobody named a source": the parser
		// stage gets it back from the subject and must compute the same id.
		sender = ""
	}
	out.Provider = providerToken(d.provider)
	if out.Provider == "" {
		out.Provider = sender
	}
	if out.Provider == "" {
		out.Provider = providerToken(d.agency)
	}
	out.ProviderID = normalize.Inline(d.providerID)
	out.Version = normalize.Inline(d.version)
	var content []byte // only an item without a provider id needs it
	if out.ProviderID == "" {
		content = contentKey(out)
	}
	out.ID = DispatchID(out.Provider, out.ProviderID, out.Version, content)
	out.Source = sender
	if out.Source == "" {
		out.Source = out.Provider
	}
	if out.Source == "" {
		out.Source = unknownSource
	}

	// Status and revision.
	out.Status = normalizeStatus(d.status)
	if d.killed {
		out.Status = proto.StatusCanceled
	}
	out.Revision = d.revision(out)

	// Language: declared by the item, else by the sender.
	declared := d.declaredLang
	if declared == "" {
		declared = opts.Language
	}
	sample := langid.Sample(out.Headline, out.BodyText)
	out.Language, out.LanguageConfidence = langid.Resolve(declared, sample)
	if out.Language == "" {
		out.Language = langid.Undetermined
	}

	if !opts.ReceivedAt.IsZero() {
		out.ReceivedAt = opts.ReceivedAt.UTC().Format(time.RFC3339Nano)
	}
	return out
}

// contentKey is what identifies an item that carries no provider id: its
// normalised text, so that a retransmission with a different envelope
// (sequence numbers, transmission times) keeps its identity.
func contentKey(d *proto.ParsedDispatch) []byte {
	return []byte(d.Headline + "\n" + d.BodyText)
}

// paragraphs segments body (one paragraph per line) into paragraphs and sentences.
func paragraphs(body string) []proto.Paragraph {
	// The paragraphs, and every paragraph's sentences, are gathered on the
	// stack (a body has a few dozen), then copied into one array that the
	// paragraphs share, each its part: two allocations in all rather than
	// a few per paragraph.
	var (
		spanBuf     [64]segment.Span
		sentenceBuf [128]segment.Span
		firstBuf    [64]int
	)
	spans := segment.AppendParagraphs(spanBuf[:0], body)
	found, firsts := sentenceBuf[:0], firstBuf[:0]
	for _, sp := range spans {
		firsts = append(firsts, len(found))
		found = segment.AppendLineSentences(found, sp.Text(body))
	}
	sentences := make([]proto.Sentence, len(found))
	out := make([]proto.Paragraph, len(spans))
	for i, sp := range spans {
		first, end := firsts[i], len(found)
		if i+1 < len(spans) {
			end = firsts[i+1]
		}
		out[i] = proto.Paragraph{Start: int64(sp.Start), End: int64(sp.End)}
		if end == first {
			continue
		}
		own := sentences[first:end:end] // full slice: appending to one cannot overwrite the next
		for j, s := range found[first:end] {
			own[j] = proto.Sentence{Start: int64(sp.Start + s.Start), End: int64(sp.Start + s.End)}
		}
		out[i].Sentences = own
	}
	return out
}

// maxHeadlineBytes bounds a headline made from a first sentence.
const maxHeadlineBytes = 200

// headlineFromSentence makes a headline of a paragraph's first sentence,
// cut at a word boundary when it is too long to be a headline.
func headlineFromSentence(p proto.Paragraph, body string) string {
	s := p.Text(body)
	if len(p.Sentences) > 0 {
		s = p.Sentences[0].Text(body)
	}
	if rest := stripBodyDateline(s); rest != "" {
		s = rest
	}
	if len(s) <= maxHeadlineBytes {
		return s
	}
	cut := strings.LastIndexByte(s[:maxHeadlineBytes], ' ')
	if cut <= 0 {
		cut = maxHeadlineBytes
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// isSeparator reports lines that only separate parts of a story ("___",
// "-30-", "###", "(END)") and carry no text.
func isSeparator(line string) bool {
	if len(line) > 8 && !strings.ContainsRune("_-=*~#", rune(line[0])) {
		return false // every separator is short or starts with a rule character
	}
	switch strings.ToUpper(line) {
	case "-30-", "###", "(END)", "(FIN)", "(MORE)", "MORE", "-0-":
		return true
	}
	return strings.Trim(line, "_-=*~# ") == ""
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = normalize.Inline(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func normalizeStatus(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[i+1:] // qcodes: "stat:usable"
	}
	switch s {
	case "", "usable", "published", "active":
		return proto.StatusUsable
	case "withheld", "embargoed", "held", "onhold":
		return proto.StatusWithheld
	case "canceled", "cancelled", "killed", "kill", "withdrawn", "deleted", "eliminate":
		return proto.StatusCanceled
	}
	return proto.StatusUsable
}

// revision derives the revision record. Kind comes from the parser's signals
// (signals, version words, headline tags), else from the version number.
func (d *draft) revision(out *proto.ParsedDispatch) *proto.Revision {
	kind := d.kind
	if out.Status == proto.StatusCanceled {
		kind = proto.RevisionKill
	}
	if kind == "" {
		kind = proto.RevisionOriginal
		if n, ok := atoiSmall(out.Version); ok && n > 1 {
			kind = proto.RevisionUpdate
		}
		if d.replaces {
			kind = proto.RevisionUpdate
		}
	}
	rev := &proto.Revision{Kind: kind, Description: normalize.Inline(d.revisionNote)}
	if d.replaces {
		pid := d.replacesID
		if pid == "" {
			pid = out.ProviderID
		}
		// Without a provider id the identity is a content hash, which
		// cannot name a previous version.
		if pid != "" {
			rev.Replaces = DispatchID(out.Provider, pid, d.replacesVer, nil)
		}
	}
	return rev
}

func atoiSmall(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
