package stage

import (
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// Register announces a service with nats.go micro, so `nats micro ls`, `info`
// and `stats` show the pipeline. Its one endpoint, newswire.<name>.status,
// answers with stats(); the same value is the STATS data.
func Register(nc *nats.Conn, name, version, description string, stats func() any) (micro.Service, error) {
	svc, err := micro.AddService(nc, micro.Config{
		Name:         name,
		Version:      version,
		Description:  description,
		StatsHandler: func(*micro.Endpoint) any { return stats() },
	})
	if err != nil {
		return nil, fmt.Errorf("registering %s with micro: %w", name, err)
	}
	err = svc.AddEndpoint("status", micro.HandlerFunc(func(r micro.Request) {
		_ = r.RespondJSON(stats())
	}), micro.WithEndpointSubject("newswire."+name+".status"))
	if err != nil {
		_ = svc.Stop()
		return nil, fmt.Errorf("adding %s status endpoint: %w", name, err)
	}
	return svc, nil
}
