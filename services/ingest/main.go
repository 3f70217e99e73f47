// Command ingest is the Newswire HTTP edge: POST /v1/dispatches → news.raw.<source>.
// Configuration comes from the environment (see pkg/service.Env and ingestapi.Mount).
package main

import (
	"context"
	"net/http"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/ingest/ingestapi"
)

func main() {
	service.Main(ingestapi.Name, func(ctx context.Context, r *service.Runner, mux *http.ServeMux) error {
		_, err := ingestapi.Mount(r, mux)
		return err
	})
}
