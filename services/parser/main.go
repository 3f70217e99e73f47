// Command parser is the Newswire parser service: news.raw.* → news.parsed.<lang>.
// Configuration comes from the environment (see pkg/service.Env).
package main

import (
	"context"
	"net/http"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/parser/parserstage"
)

func main() {
	service.Main(parserstage.Name, func(ctx context.Context, r *service.Runner, _ *http.ServeMux) error {
		_, err := r.AddStage(ctx, parserstage.Def())
		return err
	})
}
