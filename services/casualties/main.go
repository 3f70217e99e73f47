// Command casualties is the Newswire casualty-figure service:
// news.enriched.* → news.casualties.<country>. Configuration comes from the
// environment (see pkg/service.Env).
package main

import (
	"context"
	"net/http"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/casualties/casualtystage"
)

func main() {
	service.Main(casualtystage.Name, func(ctx context.Context, r *service.Runner, _ *http.ServeMux) error {
		_, err := r.AddStage(ctx, casualtystage.Def())
		return err
	})
}
