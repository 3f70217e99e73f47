package wire

import (
	"reflect"
	"testing"
)

// TestFormatVariants covers shapes of each format that the samples do not:
// other content containers, packages, nested components, 2.x field names.
func TestFormatVariants(t *testing.T) {
	tests := []struct {
		name, format, data   string
		headline, providerID string
		paragraphs, subheads []string
	}{
		{
			name: "G2 inlineData plain text", format: FormatNewsMLG2,
			data: `<newsItem guid="urn:x:1" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:DPA"/></itemMeta>
<contentMeta><headline>Schwere Unwetter</headline><language tag="de"/></contentMeta>
<contentSet><inlineData contenttype="text/plain">Berlin (dpa) - Bei schweren Unwettern sind zwei Menschen ums Leben gekommen.

Die Feuerwehr war im Dauereinsatz.</inlineData></contentSet></newsItem>`,
			headline: "Schwere Unwetter", providerID: "urn:x:1",
			paragraphs: []string{"Berlin (dpa) - Bei schweren Unwettern sind zwei Menschen ums Leben gekommen.", "Die Feuerwehr war im Dauereinsatz."},
		},
		{
			name: "G2 newsMessage: package, picture, then text item", format: FormatNewsMLG2,
			data: `<newsMessage><itemSet>
<packageItem guid="urn:p:1"><groupSet><group><itemRef residref="urn:x:2"/></group></groupSet></packageItem>
<newsItem guid="urn:pic:1"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentMeta><headline>Photo</headline></contentMeta></newsItem>
<newsItem guid="urn:x:2" version="3"><itemMeta><itemClass qcode="ninat:text"/><provider literal="EFE"/></itemMeta>
<contentMeta><headline role="hdltype:main">Inundaciones</headline><headline role="hdltype:subHeadline">Dos muertos</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>MADRID, 3 nov (EFE).- Dos personas murieron.</p></body></html></inlineXML></contentSet></newsItem>
</itemSet></newsMessage>`,
			headline: "Inundaciones", providerID: "urn:x:2",
			paragraphs: []string{"MADRID, 3 nov (EFE).- Dos personas murieron."}, subheads: []string{"Dos muertos"},
		},
		{
			name: "NewsML 1.2 with NITF body and intertitle", format: FormatNewsML12,
			data: `<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20151020</DateId><NewsItemId>abc</NewsItemId><RevisionId PreviousRevision="0" Update="N">1</RevisionId></NewsIdentifier></Identification>
<NewsComponent><NewsLines><HeadLine>Titre</HeadLine></NewsLines><NewsComponent><ContentItem><MediaType FormalName="Text"/><DataContent>
<nitf><body><body.content><p>Premier paragraphe.</p><hl2>Intertitre</hl2><p>Second paragraphe.</p></body.content></body></nitf>
</DataContent></ContentItem><ContentItem><MediaType FormalName="Photo"/><DataContent><p>légende</p></DataContent></ContentItem></NewsComponent></NewsComponent></NewsItem></NewsML>`,
			headline: "Titre", providerID: "urn:newsml:afp.com:20151020:abc",
			paragraphs: []string{"Premier paragraphe.", "Second paragraphe."}, subheads: []string{"Intertitre"},
		},
		{
			name: "ninjs 2.x headlines and bodies", format: FormatNinjs,
			data:     `{"uri":"urn:n:1","version":"1","type":"text","headlines":[{"value":"Main title","role":"main"},{"value":"Sub title","role":"sub"}],"bodies":[{"value":"Plain body.","contenttype":"text/plain"},{"value":"<p>First para.</p><p>Second &amp; last.</p>","contenttype":"text/html"}],"infosources":[{"name":"AP"}],"language":"en"}`,
			headline: "Main title", providerID: "urn:n:1",
			paragraphs: []string{"First para.", "Second & last."}, subheads: []string{"Sub title"},
		},
		{
			name: "ninjs HTML that is not XML", format: FormatNinjs,
			data:       `{"uri":"urn:n:2","versioncreated":"2020-01-01T00:00:00Z","body_html":"<p>One<br>two<p>Three &eacute;t&eacute;"}`,
			providerID: "urn:n:2", headline: "One",
			paragraphs: []string{"One", "two", "Three été"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, []byte(tt.data), Options{})
			if d.SourceFormat != tt.format {
				t.Errorf("format %q, want %q", d.SourceFormat, tt.format)
			}
			if d.Headline != tt.headline || d.ProviderID != tt.providerID {
				t.Errorf("headline/provider id = %q/%q, want %q/%q", d.Headline, d.ProviderID, tt.headline, tt.providerID)
			}
			var paras []string
			for _, p := range d.Paragraphs {
				paras = append(paras, p.Text(d.BodyText))
			}
			if !reflect.DeepEqual(paras, tt.paragraphs) {
				t.Errorf("paragraphs = %q, want %q", paras, tt.paragraphs)
			}
			if !reflect.DeepEqual(d.Subheadlines, tt.subheads) {
				t.Errorf("subheadlines = %q, want %q", d.Subheadlines, tt.subheads)
			}
		})
	}
}

func TestBatchMixesEnvelopeAndNinjs(t *testing.T) {
	batch := []byte(`{"id":"e1","provider":"acme","title":"Envelope","body":"Text of the envelope item."}
{"uri":"urn:n:9","versioncreated":"2020-01-01T00:00:00Z","headline":"Ninjs","body_text":"Text of the ninjs item."}
`)
	ds, errs := ParseBatch(batch, Options{})
	if len(errs) != 0 || len(ds) != 2 {
		t.Fatalf("%d dispatches, errors %v", len(ds), errs)
	}
	if ds[0].SourceFormat != FormatJSON || ds[1].SourceFormat != FormatNinjs {
		t.Errorf("formats %q, %q", ds[0].SourceFormat, ds[1].SourceFormat)
	}
}
