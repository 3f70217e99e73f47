package wire_test

import (
	"fmt"

	"github.com/newswire/newswire/pkg/wire"
)

func ExampleParse() {
	raw := []byte("Assad remercie Poutine\n\nMOSCOU, 20 oct 2015 (AFP) - Bachar al-Assad a remercié Vladimir Poutine mardi à Moscou. " +
		"Les raids russes ont tué 370 personnes en trois semaines.\n\n- Accord russo-américain sur les vols -\n\n" +
		"Moscou a signé un protocole d'accord avec Washington.")
	d, err := wire.Parse(raw, wire.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.SourceFormat, d.Source, d.Language, d.Dateline.Place, "|", d.Dateline.Date)
	fmt.Println(d.Headline)
	fmt.Println(d.Subheadlines)
	for _, p := range d.Paragraphs {
		fmt.Printf("[%d,%d) %d sentences\n", p.Start, p.End, len(p.Sentences))
	}
	// Output:
	// text afp fr MOSCOU | 20 oct 2015
	// Assad remercie Poutine
	// [Accord russo-américain sur les vols]
	// [0,148) 2 sentences
	// [149,203) 1 sentences
}

func ExampleDispatchID() {
	fmt.Println(wire.DispatchID("afp", "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk", "1", nil))
	// Output:
	// afp-dd2c34638e972bf718f6c3b7
}
