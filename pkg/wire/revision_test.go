package wire

import (
	"bytes"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/newswire/newswire/pkg/sharedtest"
	"github.com/newswire/newswire/proto"
)

func replace(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("sample lacks %q", old)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

// TestRevisionsLinkToOriginal builds later versions of real samples the way
// each provider sends them and checks that each names the version it replaces.
func TestRevisionsLinkToOriginal(t *testing.T) {
	t.Run("NewsML 1.2 RevisionId/PreviousRevision", func(t *testing.T) {
		v1 := readSample(t, "afp_newsml12.xml")
		v2 := replace(t, v1, `<RevisionId PreviousRevision="0" Update="N">1</RevisionId>`, `<RevisionId PreviousRevision="1" Update="N">2</RevisionId>`)
		v2 = replace(t, v2, "qpsp2jzk:1</PublicIdentifier>", "qpsp2jzk:2</PublicIdentifier>")
		orig, upd := mustParse(t, v1, Options{}), mustParse(t, v2, Options{})
		assertLink(t, orig, upd, proto.RevisionUpdate)
	})
	t.Run("NewsML-G2 link to previous version", func(t *testing.T) {
		v4 := readSample(t, "stt_newsmlg2.xml")
		v3 := replace(t, v4, `version="4"`, `version="3"`)
		v3 = replace(t, v3, `<link guidref="urn:newsml:stt.fi:20171219:101801633" version="3"/>`, "")
		v3 = replace(t, v3, `<signal qcode="sig:update"/>`, "")
		orig, upd := mustParse(t, v3, Options{}), mustParse(t, v4, Options{})
		assertLink(t, orig, upd, proto.RevisionUpdate)
	})
	t.Run("NewsML-G2 correction signal", func(t *testing.T) {
		v4 := readSample(t, "stt_newsmlg2.xml")
		v3 := replace(t, v4, `version="4"`, `version="3"`)
		corr := replace(t, v4, `<signal qcode="sig:update"/>`, `<signal qcode="sig:correction"/>`)
		assertLink(t, mustParse(t, v3, Options{}), mustParse(t, corr, Options{}), proto.RevisionCorrection)
	})
	t.Run("NewsML-G2 kill", func(t *testing.T) {
		v4 := readSample(t, "stt_newsmlg2.xml")
		v3 := replace(t, v4, `version="4"`, `version="3"`)
		kill := replace(t, v4, `<pubStatus qcode="stat:usable"/>`, `<pubStatus qcode="stat:canceled"/>`)
		k := mustParse(t, kill, Options{})
		if k.Status != proto.StatusCanceled {
			t.Errorf("status = %q", k.Status)
		}
		assertLink(t, mustParse(t, v3, Options{}), k, proto.RevisionKill)
	})
	t.Run("ANPA successive leads", func(t *testing.T) {
		orig := readSample(t, "ap_anpa1312.tst")
		const kw = "^BC-LT--Argentina-Cancer Beauty,466<"
		lead := func(words string) []byte {
			return replace(t, orig, kw, "^BC-LT--Argentina-Cancer Beauty, "+words+",466<")
		}
		o := mustParse(t, orig, Options{})
		l1 := mustParse(t, lead("1st Ld-Writethru"), Options{})
		l2 := mustParse(t, lead("2nd Ld-Writethru"), Options{})
		assertLink(t, o, l1, proto.RevisionUpdate)
		assertLink(t, l1, l2, proto.RevisionUpdate)
		// The same version written differently is the same dispatch.
		if again := mustParse(t, lead("1stLd-Writethru"), Options{}); again.ID != l1.ID {
			t.Errorf("1stLd-Writethru and 1st Ld-Writethru differ: %s %s", again.ID, l1.ID)
		}
		corr := mustParse(t, lead("Correction"), Options{})
		assertLink(t, o, corr, proto.RevisionCorrection)
		kill := mustParse(t, lead("Kill"), Options{})
		if kill.Status != proto.StatusCanceled {
			t.Errorf("kill status = %q", kill.Status)
		}
		assertLink(t, o, kill, proto.RevisionKill)
	})
	t.Run("Reuters tags", func(t *testing.T) {
		data := readSample(t, "reuters_newsmlg2.xml")
		if d := mustParse(t, data, Options{}); d.Revision.Kind != proto.RevisionUpdate {
			t.Errorf("(UPDATE 1) slug: kind %q", d.Revision.Kind)
		}
		corr := replace(t, data, "<headline>PRECIOUS-Gold", "<headline>CORRECTED-PRECIOUS-Gold")
		d := mustParse(t, corr, Options{})
		if d.Revision.Kind != proto.RevisionCorrection {
			t.Errorf("CORRECTED- headline: kind %q", d.Revision.Kind)
		}
		if d.Headline != "Gold rises as Trump policy fuels safe haven demand" {
			t.Errorf("headline %q", d.Headline)
		}
	})
	t.Run("AFP lead tags in a text headline", func(t *testing.T) {
		for headline, kind := range map[string]string{
			"Syrie: Assad à Moscou (2ND LEAD)":     proto.RevisionUpdate,
			"Syrie: Assad à Moscou (LEAD)":         proto.RevisionUpdate,
			"CORRECTED-Syria: Assad in Moscow":     proto.RevisionCorrection,
			"Syrie: Assad remercie Poutine":        proto.RevisionOriginal,
			"Le groupe Lead annonce des résultats": proto.RevisionOriginal,
		} {
			d := mustParse(t, []byte(headline+"\n\nMOSCOU, 20 oct 2015 (AFP) - Bachar al-Assad a remercié Vladimir Poutine."), Options{})
			if d.Revision.Kind != kind {
				t.Errorf("%q: kind %q, want %q", headline, d.Revision.Kind, kind)
			}
		}
	})
	t.Run("JSON envelope replaces", func(t *testing.T) {
		o := mustParse(t, []byte(`{"id":"s1","provider":"acme","version":"1","title":"Flood","body":"Two people died in the flood on Monday."}`), Options{})
		u := mustParse(t, []byte(`{"id":"s1","provider":"acme","version":"2","replaces":"1","revision":"correction","title":"Flood","body":"Three people died in the flood on Monday."}`), Options{})
		assertLink(t, o, u, proto.RevisionCorrection)
	})
}

func assertLink(t *testing.T, orig, next *proto.ParsedDispatch, kind string) {
	t.Helper()
	if orig.ID == next.ID {
		t.Fatalf("versions share id %s", orig.ID)
	}
	if orig.ProviderID != next.ProviderID {
		t.Errorf("provider ids differ: %q vs %q", orig.ProviderID, next.ProviderID)
	}
	if next.Revision.Replaces != orig.ID {
		t.Errorf("replaces = %q, want %q (%+v)", next.Revision.Replaces, orig.ID, next.Revision)
	}
	if next.Revision.Kind != kind {
		t.Errorf("kind = %q, want %q", next.Revision.Kind, kind)
	}
	if strings.Contains(orig.Revision.Replaces, orig.ID) {
		t.Errorf("original replaces itself")
	}
}

// TestMayHoldTagIsNecessary backs applyTagRevision's shortcut: no tag
// expression matches a text mayHoldTag turns away.
func TestMayHoldTagIsNecessary(t *testing.T) {
	texts := []string{
		"UPDATE 2-Oil rises", "(UPDATE 1)", "CORRECTED-Markets", "REFILE-Story", "(REPEAT) x", "MANDATORY KILL", "WITHDRAWN",
		"ELIMINATION", "(2ND LEAD)", "(3ÈME LEAD)", "(LEAD)", "WRITETHRU", "xKILL", "KILLS", "COVID SNCF", "UPDATED", "Update 2", "",
	}
	for _, line := range sharedtest.FeedLines(t, 3000) {
		var rec struct{ Title string }
		if json.Unmarshal(line, &rec) == nil {
			texts = append(texts, rec.Title)
		}
	}
	for _, s := range texts {
		matches := tagKill.MatchString(s) || tagCorrection.MatchString(s) || tagRefile.MatchString(s) || tagUpdate.MatchString(s)
		if matches && !mayHoldTag(s) {
			t.Errorf("mayHoldTag(%q) = false, but a tag expression matches", s)
		}
	}
}
