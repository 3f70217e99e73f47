// Package embedded runs a nats-server with JetStream inside the process: the
// default for `newswire up` on a machine with nothing else installed, and the
// server every test starts. Only the all-in-one binary and tests import it.
package embedded

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Options for an embedded server. Zero values take the documented defaults.
type Options struct {
	// StoreDir holds JetStream's file store. Required.
	StoreDir string
	// Host to listen on; default 127.0.0.1.
	Host string
	// Port for clients; 0 means 4222, -1 a random free port.
	Port int
	// MonitorPort for the HTTP monitoring endpoint (/varz, /jsz); 0 disables it, -1 picks one.
	MonitorPort int
	// ServerName; default "newswire-embedded".
	ServerName string
	// ConfigFile, when set, is loaded first (accounts, users, permissions, TLS)
	// and the fields above override it.
	ConfigFile string
	// Logs sends the server's own log lines to stderr.
	Logs bool
}

// Start runs a server and waits until it accepts connections.
func Start(o Options) (*server.Server, error) {
	if o.StoreDir == "" {
		return nil, errors.New("embedded nats: StoreDir is required")
	}
	opts := &server.Options{}
	if o.ConfigFile != "" {
		var err error
		if opts, err = server.ProcessConfigFile(o.ConfigFile); err != nil {
			return nil, fmt.Errorf("reading nats config %s: %w", o.ConfigFile, err)
		}
	}
	opts.JetStream = true
	opts.StoreDir = o.StoreDir
	opts.Host = o.Host
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	opts.Port = o.Port
	if opts.Port == 0 {
		opts.Port = 4222
	}
	if o.MonitorPort != 0 {
		opts.HTTPHost = opts.Host
		opts.HTTPPort = o.MonitorPort
	}
	opts.ServerName = o.ServerName
	if opts.ServerName == "" {
		opts.ServerName = "newswire-embedded"
	}
	opts.NoSigs = true
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("creating nats server: %w", err)
	}
	if o.Logs {
		ns.ConfigureLogger()
	}
	go ns.Start()
	if !ns.ReadyForConnections(15 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("embedded nats server not ready after 15s")
	}
	return ns, nil
}
