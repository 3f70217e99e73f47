package wire

import (
	"strconv"
	"strings"
)

// parseNewsML12 reads an IPTC NewsML 1.2 document as AFP sends it: the first
// NewsItem, its NewsLines and metadata, and the text ContentItems of its
// (possibly nested) NewsComponents.
func parseNewsML12(root *node) (*draft, error) {
	if root.Name != "NewsML" {
		return nil, parseErr(FormatNewsML12, "root element <"+root.Name+"> is not <NewsML>", nil)
	}
	item := root.child("NewsItem")
	if item == nil {
		return nil, parseErr(FormatNewsML12, "no NewsItem", nil)
	}
	d := &draft{}
	ident := item.path("Identification", "NewsIdentifier")
	if ident == nil {
		return nil, parseErr(FormatNewsML12, "NewsItem has no NewsIdentifier", nil)
	}
	providerID := strings.TrimSpace(ident.child("ProviderId").text())
	dateID := strings.TrimSpace(ident.child("DateId").text())
	itemID := strings.TrimSpace(ident.child("NewsItemId").text())
	rev := ident.child("RevisionId")
	d.version = strings.TrimSpace(rev.text())
	d.provider = providerID
	// The provider id is the PublicIdentifier without its revision: the
	// urn every revision of the item shares.
	if itemID != "" {
		d.providerID = "urn:newsml:" + providerID + ":" + dateID + ":" + itemID
	} else if pub := strings.TrimSpace(ident.child("PublicIdentifier").text()); pub != "" {
		d.providerID = strings.TrimSuffix(pub, ":"+d.version)
	}
	if prev := strings.TrimSpace(rev.attr("PreviousRevision")); prev != "" && prev != "0" {
		d.replacesVer, d.replaces = prev, true
	}
	if d.slug == "" {
		d.slug = item.path("Identification", "NameLabel").text()
	}

	mgmt := item.child("NewsManagement")
	d.firstCreated = mgmt.child("FirstCreated").text()
	d.versionCreated = mgmt.child("ThisRevisionCreated").text()
	d.status = mgmt.child("Status").attr("FormalName")
	if u := mgmt.child("Urgency"); u != nil {
		d.urgency, _ = strconv.ParseInt(strings.TrimSpace(u.attr("FormalName")), 10, 64)
	}
	if t := strings.ToLower(mgmt.child("NewsItemType").attr("FormalName")); t == "kill" || t == "withdraw" {
		d.killed = true
	}
	for _, inst := range mgmt.all("Instruction") {
		switch strings.ToLower(inst.attr("FormalName")) {
		case "kill", "rectify:kill", "withdraw":
			d.killed = true
		case "correction", "rectify":
			d.kind = "correction"
		}
	}

	comp := item.child("NewsComponent")
	lines := comp.child("NewsLines")
	d.headline = lines.child("HeadLine").text()
	for _, s := range lines.all("SubHeadLine") {
		d.subheadlines = append(d.subheadlines, s.text())
	}
	d.byline = lines.child("ByLine").text()
	d.dateline = lines.child("DateLine").text()
	if s := lines.child("SlugLine").text(); strings.TrimSpace(s) != "" {
		d.slug = s
	}
	for _, k := range lines.all("KeywordLine") {
		d.keywords = append(d.keywords, k.text())
	}
	if p := comp.path("AdministrativeMetadata", "Provider", "Party").attr("FormalName"); p != "" {
		d.provider = p
	}
	for _, lang := range comp.findAll("Language") {
		if v := lang.attr("FormalName"); v != "" {
			d.declaredLang = v
			break
		}
	}
	for _, dm := range comp.findAll("DescriptiveMetadata") {
		for _, s := range dm.findAll("SubjectDetail") {
			d.subjects = append(d.subjects, s.attr("FormalName"))
		}
		for _, s := range dm.findAll("SubjectMatter") {
			d.subjects = append(d.subjects, s.attr("FormalName"))
		}
		for _, s := range dm.findAll("Subject") {
			d.subjects = append(d.subjects, s.attr("FormalName"))
		}
		for _, s := range dm.all("OfInterestTo") {
			d.keywords = append(d.keywords, s.attr("FormalName"))
		}
	}

	for _, ci := range comp.findAll("ContentItem") {
		mt := strings.ToLower(ci.child("MediaType").attr("FormalName"))
		if mt != "" && mt != "text" {
			continue
		}
		dc := ci.child("DataContent")
		if dc == nil {
			continue
		}
		var bp bodyParts
		if n := dc.find("body.content"); n != nil {
			bp = extractBody(n)
		} else if len(dc.Children) > 0 {
			bp = extractBody(dc)
		} else {
			bp = bodyParts{paragraphs: plainParagraphs(dc.text())}
		}
		d.paragraphs = append(d.paragraphs, bp.paragraphs...)
		d.subheadlines = append(d.subheadlines, bp.headings...)
	}
	d.pullLeading()
	return d, nil
}
