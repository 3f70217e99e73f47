// Package vtest starts an embedded JetStream server for the tests of the
// packages that keep state in versioned stores, and makes empty stores of
// each implementation. Only tests import it, so the services do not link
// nats-server through it.
package vtest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newswire/newswire/pkg/story/versioned"
)

// JetStream starts a JetStream-enabled server on a random port with its store
// in a temporary directory, and returns a client context; both stop with the test.
func JetStream(t testing.TB) jetstream.JetStream {
	t.Helper()
	srv, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      -1,
		JetStream: true,
		StoreDir:  t.TempDir(),
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		t.Fatalf("creating embedded nats-server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		t.Fatal("embedded nats-server not ready after 10s")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatalf("connecting to embedded nats-server: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("creating JetStream context: %v", err)
	}
	return js
}

// Stores returns, per implementation ("memory", "jetstream"), a function
// making an empty store; JetStream buckets share one embedded server.
func Stores(t testing.TB) map[string]func(t testing.TB) versioned.Store {
	t.Helper()
	js := JetStream(t)
	var buckets atomic.Int64
	return map[string]func(t testing.TB) versioned.Store{
		"memory": func(testing.TB) versioned.Store { return versioned.NewMemory(0) },
		"jetstream": func(t testing.TB) versioned.Store {
			t.Helper()
			s, err := versioned.OpenJetStream(context.Background(), js, versioned.BucketConfig{
				Bucket: fmt.Sprintf("test%d", buckets.Add(1)), Storage: jetstream.MemoryStorage, MaxBytes: 16 << 20,
			})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}
