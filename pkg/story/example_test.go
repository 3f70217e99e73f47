package story_test

import (
	"context"
	"fmt"

	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/proto"
)

func Example() {
	// One process indexes the last story.DefaultWindow dispatches; services
	// run story.OpenShared so that replicas index each other's assignments.
	a, err := story.NewAssigner(story.DefaultConfig(), 0)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	body := "Un puissant séisme de magnitude 7,1 a frappé mardi le centre du Mexique, faisant au moins 40 morts " +
		"selon un premier bilan. Des immeubles se sont effondrés dans la capitale."
	first, _, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-1", Language: "fr", Headline: "Séisme au Mexique", BodyText: body})
	resend, dup, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-1-refile", Language: "fr", Headline: "Séisme au Mexique", BodyText: body})
	update, _, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-2", Language: "fr", Headline: "Mexique: le bilan s'alourdit",
		BodyText: "Le bilan atteint désormais 217 morts.", Revision: &proto.Revision{Kind: proto.RevisionUpdate, Replaces: "afp-1"}})
	other, _, _ := a.Assign(ctx, &proto.ParsedDispatch{ID: "afp-9", Language: "fr", Headline: "Bundestag",
		BodyText: "Les électeurs allemands votent dimanche pour renouveler le Bundestag."})
	fmt.Println(resend == first, dup, update == first, other == first)
	// Output: true afp-1 true false
}
