// Package proto holds Newswire's message types: the Go side of the schemas of
// record in newswire.proto, tagged for segmentio/encoding's json codec and
// for this package's protobuf codec (wirecodec.go), and the codec that
// chooses between them by Content-Type.
package proto

// RawDispatch is what a wire feed delivered, before any parsing (news.raw.<source>).
type RawDispatch struct {
	ID          string `json:"id" protobuf:"bytes,1,opt,name=id,proto3"`
	Source      string `json:"source" protobuf:"bytes,2,opt,name=source,proto3"`
	Format      string `json:"format,omitempty" protobuf:"bytes,3,opt,name=format,proto3"`
	ContentType string `json:"content_type,omitempty" protobuf:"bytes,4,opt,name=content_type,proto3"`
	ReceivedAt  string `json:"received_at" protobuf:"bytes,5,opt,name=received_at,proto3"`
	Body        []byte `json:"body" protobuf:"bytes,6,opt,name=body,proto3"`
	Language    string `json:"language,omitempty" protobuf:"bytes,7,opt,name=language,proto3"`
}

// Sentence is a sentence of a paragraph: bytes [Start, End) of
// ParsedDispatch.BodyText. The text itself is not repeated: a dispatch
// would otherwise carry its body three times on every hop.
type Sentence struct {
	Start int64 `json:"start" protobuf:"varint,1,opt,name=start,proto3"`
	End   int64 `json:"end" protobuf:"varint,2,opt,name=end,proto3"`
}

// Paragraph is a body paragraph: bytes [Start, End) of ParsedDispatch.BodyText.
type Paragraph struct {
	Start     int64      `json:"start" protobuf:"varint,1,opt,name=start,proto3"`
	End       int64      `json:"end" protobuf:"varint,2,opt,name=end,proto3"`
	Sentences []Sentence `json:"sentences,omitempty" protobuf:"bytes,4,rep,name=sentences,proto3"`
}

// Text returns the sentence's text in body ("" when the offsets do not fit it).
func (s Sentence) Text(body string) string { return slice(body, s.Start, s.End) }

// Text returns the paragraph's text in body ("" when the offsets do not fit it).
func (p Paragraph) Text(body string) string { return slice(body, p.Start, p.End) }

func slice(body string, start, end int64) string {
	if start < 0 || end < start || end > int64(len(body)) {
		return ""
	}
	return body[start:end]
}

// Dateline is the place and date a dispatch was filed from, as the wire states them.
type Dateline struct {
	Place string `json:"place,omitempty" protobuf:"bytes,1,opt,name=place,proto3"`
	Date  string `json:"date,omitempty" protobuf:"bytes,2,opt,name=date,proto3"`
}

// Revision kinds.
const (
	RevisionOriginal   = "original"
	RevisionUpdate     = "update"
	RevisionCorrection = "correction"
	RevisionRefile     = "refile"
	RevisionKill       = "kill"
)

// Revision links a version of a story to the version it replaces.
type Revision struct {
	Kind        string `json:"kind,omitempty" protobuf:"bytes,1,opt,name=kind,proto3"`
	Replaces    string `json:"replaces,omitempty" protobuf:"bytes,2,opt,name=replaces,proto3"`
	Description string `json:"description,omitempty" protobuf:"bytes,3,opt,name=description,proto3"`
}

// Dispatch statuses.
const (
	StatusUsable   = "usable"
	StatusWithheld = "withheld"
	StatusCanceled = "canceled"
)

// ParsedDispatch is one normalised dispatch (news.parsed.<lang>).
type ParsedDispatch struct {
	ID                 string      `json:"id" protobuf:"bytes,1,opt,name=id,proto3"`
	Source             string      `json:"source" protobuf:"bytes,2,opt,name=source,proto3"`
	Provider           string      `json:"provider,omitempty" protobuf:"bytes,3,opt,name=provider,proto3"`
	ProviderID         string      `json:"provider_id,omitempty" protobuf:"bytes,4,opt,name=provider_id,proto3"`
	Version            string      `json:"version,omitempty" protobuf:"bytes,5,opt,name=version,proto3"`
	Urgency            int64       `json:"urgency,omitempty" protobuf:"varint,6,opt,name=urgency,proto3"`
	Status             string      `json:"status,omitempty" protobuf:"bytes,7,opt,name=status,proto3"`
	Language           string      `json:"language" protobuf:"bytes,8,opt,name=language,proto3"`
	Slug               string      `json:"slug,omitempty" protobuf:"bytes,9,opt,name=slug,proto3"`
	Headline           string      `json:"headline,omitempty" protobuf:"bytes,10,opt,name=headline,proto3"`
	Subheadlines       []string    `json:"subheadlines,omitempty" protobuf:"bytes,11,rep,name=subheadlines,proto3"`
	Dateline           *Dateline   `json:"dateline,omitempty" protobuf:"bytes,12,opt,name=dateline,proto3"`
	Byline             string      `json:"byline,omitempty" protobuf:"bytes,13,opt,name=byline,proto3"`
	FirstCreated       string      `json:"first_created,omitempty" protobuf:"bytes,14,opt,name=first_created,proto3"`
	VersionCreated     string      `json:"version_created,omitempty" protobuf:"bytes,15,opt,name=version_created,proto3"`
	Subjects           []string    `json:"subjects,omitempty" protobuf:"bytes,16,rep,name=subjects,proto3"`
	Keywords           []string    `json:"keywords,omitempty" protobuf:"bytes,17,rep,name=keywords,proto3"`
	BodyText           string      `json:"body_text" protobuf:"bytes,18,opt,name=body_text,proto3"`
	Paragraphs         []Paragraph `json:"paragraphs" protobuf:"bytes,19,rep,name=paragraphs,proto3"`
	SourceFormat       string      `json:"source_format,omitempty" protobuf:"bytes,20,opt,name=source_format,proto3"`
	Revision           *Revision   `json:"revision,omitempty" protobuf:"bytes,21,opt,name=revision,proto3"`
	ReceivedAt         string      `json:"received_at,omitempty" protobuf:"bytes,22,opt,name=received_at,proto3"`
	ParsedAt           string      `json:"parsed_at,omitempty" protobuf:"bytes,23,opt,name=parsed_at,proto3"`
	LanguageConfidence float64     `json:"language_confidence,omitempty" protobuf:"fixed64,24,opt,name=language_confidence,proto3"`
}

// Entity is a person or organisation mention.
type Entity struct {
	Text      string `json:"text" protobuf:"bytes,1,opt,name=text,proto3"`
	Canonical string `json:"canonical,omitempty" protobuf:"bytes,2,opt,name=canonical,proto3"`
	Start     int64  `json:"start" protobuf:"varint,3,opt,name=start,proto3"`
	End       int64  `json:"end" protobuf:"varint,4,opt,name=end,proto3"`
	Acronym   string `json:"acronym,omitempty" protobuf:"bytes,5,opt,name=acronym,proto3"`
}

// Place is a place mention resolved against the gazetteer.
type Place struct {
	Name       string  `json:"name" protobuf:"bytes,1,opt,name=name,proto3"`
	Canonical  string  `json:"canonical,omitempty" protobuf:"bytes,2,opt,name=canonical,proto3"`
	Country    string  `json:"country,omitempty" protobuf:"bytes,3,opt,name=country,proto3"`
	Admin1     string  `json:"admin1,omitempty" protobuf:"bytes,4,opt,name=admin1,proto3"`
	Lat        float64 `json:"lat" protobuf:"fixed64,5,opt,name=lat,proto3"`
	Lon        float64 `json:"lon" protobuf:"fixed64,6,opt,name=lon,proto3"`
	Feature    string  `json:"feature,omitempty" protobuf:"bytes,7,opt,name=feature,proto3"`
	Start      int64   `json:"start" protobuf:"varint,8,opt,name=start,proto3"`
	End        int64   `json:"end" protobuf:"varint,9,opt,name=end,proto3"`
	GeonamesID int64   `json:"geonames_id,omitempty" protobuf:"varint,10,opt,name=geonames_id,proto3"`
}

// Topic is an IPTC Media Topic assigned to a dispatch.
type Topic struct {
	Code       string  `json:"code" protobuf:"bytes,1,opt,name=code,proto3"`
	Label      string  `json:"label" protobuf:"bytes,2,opt,name=label,proto3"`
	Confidence float64 `json:"confidence" protobuf:"fixed64,3,opt,name=confidence,proto3"`
}

// EnrichedDispatch is a parsed dispatch with what the enricher found (news.enriched.<lang>).
type EnrichedDispatch struct {
	Dispatch      *ParsedDispatch `json:"dispatch" protobuf:"bytes,1,opt,name=dispatch,proto3"`
	Persons       []Entity        `json:"persons" protobuf:"bytes,2,rep,name=persons,proto3"`
	Organizations []Entity        `json:"organizations" protobuf:"bytes,3,rep,name=organizations,proto3"`
	Places        []Place         `json:"places" protobuf:"bytes,4,rep,name=places,proto3"`
	Topics        []Topic         `json:"topics,omitempty" protobuf:"bytes,5,rep,name=topics,proto3"`
	Country       string          `json:"country,omitempty" protobuf:"bytes,6,opt,name=country,proto3"`
	StoryID       string          `json:"story_id,omitempty" protobuf:"bytes,7,opt,name=story_id,proto3"`
	DuplicateOf   string          `json:"duplicate_of,omitempty" protobuf:"bytes,8,opt,name=duplicate_of,proto3"`
	EnrichedAt    string          `json:"enriched_at,omitempty" protobuf:"bytes,9,opt,name=enriched_at,proto3"`
}

// Casualty kinds (corpus/GUIDELINES.md).
const (
	KindKilled    = "killed"
	KindInjured   = "injured"
	KindMissing   = "missing"
	KindDisplaced = "displaced"
	KindEvacuated = "evacuated"
	KindArrested  = "arrested"
	KindKidnapped = "kidnapped"
)

// Figure is one casualty figure as corpus/GUIDELINES.md defines it. A nil Low
// or High is unbounded; PartOf is the index of the figure this one is part of.
type Figure struct {
	Kind     string `json:"kind" protobuf:"bytes,1,opt,name=kind,proto3"`
	Low      *int64 `json:"low" protobuf:"varint,2,opt,name=low,proto3"`
	High     *int64 `json:"high" protobuf:"varint,3,opt,name=high,proto3"`
	Span     string `json:"span" protobuf:"bytes,4,opt,name=span,proto3"`
	Start    int64  `json:"start" protobuf:"varint,5,opt,name=start,proto3"`
	End      int64  `json:"end" protobuf:"varint,6,opt,name=end,proto3"`
	Sentence string `json:"sentence,omitempty" protobuf:"bytes,7,opt,name=sentence,proto3"`
	Group    string `json:"group,omitempty" protobuf:"bytes,8,opt,name=group,proto3"`
	PartOf   *int64 `json:"part_of,omitempty" protobuf:"varint,9,opt,name=part_of,proto3"`
	Cause    string `json:"cause,omitempty" protobuf:"bytes,10,opt,name=cause,proto3"`
	Location string `json:"location,omitempty" protobuf:"bytes,11,opt,name=location,proto3"`
	Period   string `json:"period,omitempty" protobuf:"bytes,12,opt,name=period,proto3"`
	Source   string `json:"source,omitempty" protobuf:"bytes,13,opt,name=source,proto3"`
}

// Supersession says that a report revises a figure an earlier report of the same story gave.
type Supersession struct {
	DispatchID string `json:"dispatch_id" protobuf:"bytes,1,opt,name=dispatch_id,proto3"`
	Kind       string `json:"kind" protobuf:"bytes,2,opt,name=kind,proto3"`
	Low        *int64 `json:"low" protobuf:"varint,3,opt,name=low,proto3"`
	High       *int64 `json:"high" protobuf:"varint,4,opt,name=high,proto3"`
	NewLow     *int64 `json:"new_low" protobuf:"varint,5,opt,name=new_low,proto3"`
	NewHigh    *int64 `json:"new_high" protobuf:"varint,6,opt,name=new_high,proto3"`
}

// CasualtyReport lists every figure of one dispatch (news.casualties.<country>).
// Figures is never nil on the wire, so consumers can tell "none" from "not processed".
type CasualtyReport struct {
	DispatchID  string         `json:"dispatch_id" protobuf:"bytes,1,opt,name=dispatch_id,proto3"`
	StoryID     string         `json:"story_id,omitempty" protobuf:"bytes,2,opt,name=story_id,proto3"`
	Country     string         `json:"country" protobuf:"bytes,3,opt,name=country,proto3"`
	Language    string         `json:"language" protobuf:"bytes,4,opt,name=language,proto3"`
	Headline    string         `json:"headline,omitempty" protobuf:"bytes,5,opt,name=headline,proto3"`
	Figures     []Figure       `json:"figures" protobuf:"bytes,6,rep,name=figures,proto3"`
	Supersedes  []Supersession `json:"supersedes,omitempty" protobuf:"bytes,7,rep,name=supersedes,proto3"`
	Retraction  bool           `json:"retraction,omitempty" protobuf:"varint,8,opt,name=retraction,proto3"`
	ExtractedAt string         `json:"extracted_at" protobuf:"bytes,9,opt,name=extracted_at,proto3"`
	Source      string         `json:"source,omitempty" protobuf:"bytes,10,opt,name=source,proto3"`
}

// DeadLetter is the readable form of a message a stage could not handle
// (news.dlq.<stage>): on the wire the original bytes travel as the message body
// and the reason in headers (see pkg/stage); tools decode it into this type.
type DeadLetter struct {
	Stage          string            `json:"stage" protobuf:"bytes,1,opt,name=stage,proto3"`
	Error          string            `json:"error" protobuf:"bytes,2,opt,name=error,proto3"`
	OriginSubject  string            `json:"origin_subject" protobuf:"bytes,3,opt,name=origin_subject,proto3"`
	StreamSequence uint64            `json:"stream_sequence" protobuf:"varint,4,opt,name=stream_sequence,proto3"`
	Deliveries     int64             `json:"deliveries" protobuf:"varint,5,opt,name=deliveries,proto3"`
	TraceID        string            `json:"trace_id,omitempty" protobuf:"bytes,6,opt,name=trace_id,proto3"`
	Data           []byte            `json:"data" protobuf:"bytes,7,opt,name=data,proto3"`
	Headers        map[string]string `json:"headers,omitempty" protobuf:"bytes,8,rep,name=headers,proto3"`
	FailedAt       string            `json:"failed_at" protobuf:"bytes,9,opt,name=failed_at,proto3"`
}

// Int64 returns a pointer to v, for Figure bounds.
func Int64(v int64) *int64 { return &v }
