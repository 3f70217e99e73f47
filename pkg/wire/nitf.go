package wire

import (
	"strconv"
	"strings"
)

// parseNITF reads an IPTC NITF 3.x document (nitf/head + nitf/body).
func parseNITF(root *node) (*draft, error) {
	if root.Name != "nitf" {
		return nil, parseErr(FormatNITF, "root element is <"+root.Name+">, not <nitf>", nil)
	}
	d := &draft{}
	head := root.child("head")
	docdata := head.child("docdata")

	if id := docdata.child("doc-id"); id != nil {
		d.providerID = id.attr("id-string")
		d.provider = id.attr("regsrc")
	}
	if d.provider == "" {
		d.provider = docdata.child("doc.copyright").attr("holder")
	}
	if d.provider == "" {
		d.provider = head.child("pubdata").attr("name")
	}
	if key := docdata.child("du-key"); key != nil {
		d.version = key.attr("version")
		if d.providerID == "" {
			d.providerID = key.attr("key")
		}
	}
	if u := docdata.child("urgency"); u != nil {
		d.urgency, _ = strconv.ParseInt(strings.TrimSpace(u.attr("ed-urg")), 10, 64)
	}
	d.status = docdata.attr("management-status")
	d.firstCreated = docdata.child("date.issue").attr("norm")
	d.versionCreated = docdata.child("date.release").attr("norm")
	if d.versionCreated == "" {
		d.versionCreated = d.firstCreated
	}
	for _, k := range docdata.path("key-list").all("keyword") {
		d.keywords = append(d.keywords, k.attr("key"))
	}
	for _, s := range head.findAll("tobject.subject") {
		if code := s.attr("tobject.subject.refnum"); code != "" {
			d.subjects = append(d.subjects, "subj:"+code)
		}
	}
	for _, c := range docdata.findAll("identified-content") {
		for _, cl := range c.all("classifier") {
			if v := cl.attr("value"); v != "" {
				d.keywords = append(d.keywords, v)
			}
		}
	}

	d.declaredLang = root.attr("lang")
	if d.declaredLang == "" {
		d.declaredLang = head.attr("lang")
	}
	body := root.child("body")
	if d.declaredLang == "" {
		d.declaredLang = body.attr("lang")
	}
	bh := body.child("body.head")
	hed := bh.child("hedline")
	d.headline = hed.child("hl1").text()
	if d.headline == "" {
		d.headline = head.child("title").text()
	}
	for _, hl2 := range hed.all("hl2") {
		// NITF feeds often repeat the headline as an "original headline" hl2.
		if t := strings.TrimSpace(hl2.text()); t != "" && t != strings.TrimSpace(d.headline) {
			d.subheadlines = append(d.subheadlines, t)
		}
	}
	if by := bh.child("byline"); by != nil {
		d.byline = bylineText(by)
	}
	if dl := bh.child("dateline"); dl != nil {
		d.place = dl.child("location").text()
		if sd := dl.child("story.date"); sd != nil {
			d.datelineDate = sd.text()
			if d.datelineDate == "" {
				d.datelineDate = sd.attr("norm")
			}
		}
		if d.place == "" && d.datelineDate == "" {
			d.dateline = dl.text()
		}
	}
	if d.slug == "" {
		d.slug = docdata.child("du-key").attr("key")
	}
	bp := extractBody(body.child("body.content"))
	d.paragraphs = bp.paragraphs
	d.subheadlines = append(d.subheadlines, bp.headings...)
	if abs := bh.child("abstract"); abs != nil && len(d.paragraphs) == 0 {
		d.paragraphs = extractBody(abs).paragraphs
	}
	d.pullLeading()
	return d, nil
}

// bylineText returns a byline without its title element ("AP Business
// Writer"), which describes the author rather than naming them.
func bylineText(by *node) string {
	var b strings.Builder
	for _, c := range by.Content {
		switch v := c.(type) {
		case string:
			b.WriteString(v)
		case *node:
			if v.Name != "byttl" {
				b.WriteString(v.text())
			} else {
				b.WriteString(" ")
			}
		}
	}
	return b.String()
}
