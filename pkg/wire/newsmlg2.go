package wire

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/newswire/newswire/proto"
)

// parseNewsMLG2 reads an IPTC NewsML-G2 newsItem, or the first text item of
// a newsMessage (whose itemSet may also hold packages and pictures).
func parseNewsMLG2(root *node) (*draft, error) {
	item := root
	switch root.Name {
	case "newsItem":
	case "newsMessage", "packageItem":
		item = nil
		for _, cand := range root.findAll("newsItem") {
			if isTextItem(cand) {
				item = cand
				break
			}
		}
		if item == nil {
			return nil, parseErr(FormatNewsMLG2, "<"+root.Name+"> carries no text newsItem", nil)
		}
	default:
		return nil, parseErr(FormatNewsMLG2, "root element <"+root.Name+"> is not a news item", nil)
	}
	if !isTextItem(item) {
		return nil, parseErr(FormatNewsMLG2, "newsItem is not a text item", nil)
	}

	d := &draft{providerID: item.attr("guid"), version: item.attr("version"), declaredLang: item.attr("lang")}
	meta := item.child("itemMeta")
	cm := item.child("contentMeta")

	prov := meta.child("provider")
	d.provider = prov.attr("literal")
	if d.provider == "" {
		d.provider = qcodeValue(prov.attr("qcode"))
	}
	if d.provider == "" {
		d.provider = prov.child("name").text()
	}
	d.firstCreated = meta.child("firstCreated").text()
	d.versionCreated = meta.child("versionCreated").text()
	if d.firstCreated == "" {
		d.firstCreated = cm.child("contentCreated").text()
	}
	d.status = meta.child("pubStatus").attr("qcode")

	for _, sig := range meta.all("signal") {
		if k := signalKind(sig.attr("qcode")); k != "" && (d.kind == "" || k == proto.RevisionKill) {
			d.kind = k
		}
	}
	for _, l := range meta.all("link") {
		rel := strings.ToLower(l.attr("rel"))
		ref := l.attr("guidref")
		if ref == "" {
			ref = l.attr("residref")
		}
		if ref == "" || l.attr("version") == "" || (ref == d.providerID && l.attr("version") == d.version) {
			continue
		}
		// A link to another version of this very item, or one the sender
		// marks as the previous version, names the version this replaces.
		if ref == d.providerID || strings.Contains(rel, "previousversion") || strings.Contains(rel, "replaces") {
			if ref != d.providerID {
				d.replacesID = ref
			}
			d.replacesVer = l.attr("version")
			d.replaces = true
			break
		}
	}

	if lang := cm.child("language").attr("tag"); lang != "" {
		d.declaredLang = lang
	}
	if u, err := strconv.ParseInt(strings.TrimSpace(cm.child("urgency").text()), 10, 64); err == nil {
		d.urgency = u
	}
	for _, h := range cm.all("headline") {
		role := h.attr("role")
		t := strings.TrimSpace(h.text())
		switch {
		case t == "":
		case d.headline == "" && (role == "" || strings.HasSuffix(role, ":main")):
			d.headline = t
		case strings.Contains(strings.ToLower(role), "sub"):
			d.subheadlines = append(d.subheadlines, t)
		}
	}
	if d.headline == "" {
		d.headline = cm.child("headline").text()
	}
	for _, s := range cm.all("subheadline") {
		d.subheadlines = append(d.subheadlines, s.text())
	}
	d.slug = cm.child("slugline").text()
	d.dateline = cm.child("dateline").text()
	d.place = cm.child("located").child("name").text()
	for _, by := range cm.all("by") {
		if t := strings.TrimSpace(by.text()); t != "" {
			d.byline = t
			break
		}
	}
	for _, s := range cm.all("subject") {
		switch {
		case s.attr("qcode") != "":
			d.subjects = append(d.subjects, s.attr("qcode"))
		case s.attr("uri") != "":
			d.subjects = append(d.subjects, s.attr("uri"))
		case s.attr("literal") != "":
			d.subjects = append(d.subjects, s.attr("literal"))
		}
	}
	for _, k := range cm.all("keyword") {
		d.keywords = append(d.keywords, k.text())
	}

	if cs := item.child("contentSet"); cs != nil {
		bp := g2Body(cs)
		d.paragraphs = bp.paragraphs
		d.subheadlines = append(d.subheadlines, bp.headings...)
	}
	if len(d.paragraphs) == 0 {
		for _, desc := range cm.all("description") {
			if !strings.Contains(desc.attr("role"), "caption") {
				d.paragraphs = append(d.paragraphs, desc.text())
			}
		}
	}
	d.pullLeading()
	applyTagRevision(d, d.slug, d.headline)
	if providerToken(d.provider) == "reuters" {
		d.headline = stripReutersPrefix(d.headline)
	}
	return d, nil
}

// isTextItem reports whether a newsItem is text (not a picture or video).
func isTextItem(item *node) bool {
	class := strings.ToLower(item.path("itemMeta", "itemClass").attr("qcode"))
	if class == "" {
		return item.find("inlineXML") != nil || item.find("inlineData") != nil
	}
	return strings.HasSuffix(class, ":text")
}

// g2Body reads the first textual rendition of a contentSet.
func g2Body(cs *node) bodyParts {
	for _, ix := range cs.all("inlineXML") {
		if n := ix.find("body.content"); n != nil { // NITF inside G2
			return extractBody(n)
		}
		if n := ix.find("body"); n != nil {
			return extractBody(n)
		}
		return extractBody(ix)
	}
	for _, id := range cs.all("inlineData") {
		return bodyParts{paragraphs: plainParagraphs(id.text())}
	}
	return bodyParts{}
}

// qcodeValue returns the code of a qcode ("nprov:AFP" → "AFP").
func qcodeValue(q string) string {
	if i := strings.LastIndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// signalKind maps G2 signal qcodes (IPTC "sig:" and providers' variants).
func signalKind(qcode string) string {
	v := strings.ToLower(qcodeValue(qcode))
	switch {
	case strings.Contains(v, "correct"):
		return proto.RevisionCorrection
	case strings.Contains(v, "kill") || strings.Contains(v, "withdraw") || strings.Contains(v, "delete"):
		return proto.RevisionKill
	case strings.Contains(v, "refile"):
		return proto.RevisionRefile
	case v == "update" || strings.HasPrefix(v, "update"):
		return proto.RevisionUpdate
	}
	return ""
}

// Headline and slug tags agencies (Reuters first) use for revisions:
// "UPDATE 2-", "(UPDATE 1)", "CORRECTED-", "REFILE-", "(CORRECTED ...)".
var (
	tagUpdate     = regexp.MustCompile(`\bUPDATE\s+(\d{1,3})\b|\((?:\d{1,2}(?:ST|ND|RD|TH|E|ÈME|EME)\s+)?LEAD\)|\bWRITETHRU\b`)
	tagCorrection = regexp.MustCompile(`(?:^|[(\s])(?:CORRECTED|CORRECTION|CORRECTS)\b`)
	tagRefile     = regexp.MustCompile(`(?:^|[(\s])(?:REFILE|REPEAT)\b`)
	tagKill       = regexp.MustCompile(`(?:^|[(\s])(?:KILL|WITHDRAWN|ELIMINATION|MANDATORY KILL)\b`)
)

// tagWords are the words one of the tag expressions must find, as runs of
// ASCII capitals: "MANDATORY KILL" holds KILL, CORRECTED, CORRECTION and
// CORRECTS hold CORRECT, "(2ND LEAD)" holds LEAD.
var tagWords = []string{"KILL", "WITHDRAWN", "ELIMINATION", "CORRECT", "REFILE", "REPEAT", "UPDATE", "LEAD", "WRITETHRU"}

// mayHoldTag reports whether s holds a run of ASCII capitals with one of
// tagWords in it, without which no tag expression matches: headlines hold
// capitals (acronyms) far more often than tags.
func mayHoldTag(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			continue
		}
		start := i
		for i < len(s) && 'A' <= s[i] && s[i] <= 'Z' {
			i++
		}
		if run := s[start:i]; len(run) >= 4 {
			for _, w := range tagWords {
				if strings.Contains(run, w) {
					return true
				}
			}
		}
	}
	return false
}

// applyTagRevision sets the revision kind from such tags when no signal set it.
func applyTagRevision(d *draft, texts ...string) {
	for _, t := range texts {
		if !mayHoldTag(t) {
			continue
		}
		switch {
		case tagKill.MatchString(t):
			d.kind, d.killed = proto.RevisionKill, true
		case tagCorrection.MatchString(t):
			if d.kind == "" || d.kind == proto.RevisionUpdate {
				d.kind = proto.RevisionCorrection
			}
		case tagRefile.MatchString(t):
			if d.kind == "" {
				d.kind = proto.RevisionRefile
			}
		case tagUpdate.MatchString(t):
			if d.kind == "" {
				d.kind = proto.RevisionUpdate
			}
			if d.revisionNote == "" {
				d.revisionNote = tagUpdate.FindString(t)
			}
		default:
			continue
		}
	}
}

// reutersPrefix is the topic or revision code Reuters puts before a
// headline: "PRECIOUS-", "UPDATE 1-", "GLOBAL MARKETS-", "CORRECTED-".
var reutersPrefix = regexp.MustCompile(`^(?:[A-Z][A-Z0-9/&' ]*[A-Z0-9]\s?-)+\s*`)

func stripReutersPrefix(h string) string {
	h = strings.TrimSpace(h)
	if loc := reutersPrefix.FindStringIndex(h); loc != nil && loc[1] < len(h) {
		return h[loc[1]:]
	}
	return h
}
