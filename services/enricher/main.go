// Command enricher is the Newswire enrichment service:
// news.parsed.* → news.enriched.<lang>. Configuration comes from the
// environment (see pkg/service.Env).
package main

import (
	"context"
	"net/http"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/enricher/enricherstage"
)

func main() {
	service.Main(enricherstage.Name, func(ctx context.Context, r *service.Runner, _ *http.ServeMux) error {
		_, err := r.AddStage(ctx, enricherstage.Def())
		return err
	})
}
