// Package natstest starts embedded NATS servers for tests: JetStream on, a
// t.TempDir() store, a random port, shut down when the test ends.
package natstest

import (
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/newswire/newswire/pkg/embedded"
)

// Server starts a JetStream server for t and returns it with its client URL.
func Server(t testing.TB) *server.Server {
	t.Helper()
	return ServerIn(t, t.TempDir())
}

// ServerIn starts a JetStream server storing in dir (reuse dir to restart with the same store).
func ServerIn(t testing.TB, dir string) *server.Server {
	t.Helper()
	ns, err := embedded.Start(embedded.Options{StoreDir: dir, Port: -1})
	if err != nil {
		t.Fatalf("starting embedded nats: %v", err)
	}
	t.Cleanup(func() {
		ns.Shutdown()
		ns.WaitForShutdown()
	})
	return ns
}

// Connect opens a client connection to ns, closed when the test ends.
func Connect(t testing.TB, ns *server.Server, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(ns.ClientURL(), opts...)
	if err != nil {
		t.Fatalf("connecting to embedded nats: %v", err)
	}
	t.Cleanup(nc.Close)
	return nc
}
