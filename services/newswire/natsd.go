package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// natsdConfig is what `newswire nats` runs with.
type natsdConfig struct {
	DataDir     string
	Host        string
	Port        int
	MonitorPort int
	Name        string
	ClusterName string
	ClusterPort int
	Routes      string
	Logs        bool
}

// runNATS runs only an embedded NATS server with JetStream, in its own
// process, until SIGINT/SIGTERM. The fault harness needs the server outside
// the stages' processes so it can kill -9 it, restart it on the same store,
// and run three of them as a cluster; pkg/embedded has no cluster options,
// so the server options are built here.
func runNATS(ctx context.Context, args []string, _ io.Reader, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("nats", flag.ContinueOnError)
	fs.SetOutput(errOut)
	var c natsdConfig
	fs.StringVar(&c.DataDir, "data", "./data/nats", "JetStream store directory")
	fs.StringVar(&c.Host, "host", "127.0.0.1", "address to listen on (clients, cluster routes and monitoring)")
	fs.IntVar(&c.Port, "port", 4222, "client port (-1: random)")
	fs.IntVar(&c.MonitorPort, "monitor-port", 0, "HTTP monitoring port (0: off, -1: random)")
	fs.StringVar(&c.Name, "name", "", "server name, unique within a cluster (default newswire-nats-<port>)")
	fs.StringVar(&c.ClusterName, "cluster-name", "newswire", "cluster name, the same on every node")
	fs.IntVar(&c.ClusterPort, "cluster-port", 0, "cluster route port (0: no cluster)")
	fs.StringVar(&c.Routes, "routes", "", "comma-separated routes to the other nodes, nats-route://127.0.0.1:P,...")
	fs.BoolVar(&c.Logs, "logs", false, "write the server's log to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("nats: unexpected arguments %q", fs.Args())
	}
	opts, err := c.serverOptions()
	if err != nil {
		return err
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return fmt.Errorf("creating nats server: %w", err)
	}
	if c.Logs {
		ns.ConfigureLogger()
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return errors.New("nats server not ready after 30s")
	}
	// One parseable line: a harness started with --port -1 learns the port here.
	fmt.Fprintf(out, "nats %s listening on %s\n", opts.ServerName, ns.ClientURL())
	<-ctx.Done()
	ns.Shutdown()
	ns.WaitForShutdown()
	return nil
}

// serverOptions validates the flags and turns them into server options.
func (c natsdConfig) serverOptions() (*server.Options, error) {
	if c.DataDir == "" {
		return nil, errors.New("nats: --data is required")
	}
	if net.ParseIP(c.Host) == nil && c.Host != "localhost" {
		return nil, fmt.Errorf("nats: --host %q is not an IP address", c.Host)
	}
	if c.Port < -1 || c.Port > 65535 || c.MonitorPort < -1 || c.MonitorPort > 65535 || c.ClusterPort < -1 || c.ClusterPort > 65535 {
		return nil, errors.New("nats: ports must be -1 (random), 0 or 1-65535")
	}
	opts := &server.Options{
		JetStream: true,
		StoreDir:  c.DataDir,
		Host:      c.Host,
		Port:      c.Port,
		// Signals are the CLI's: SIGTERM must shut the server down cleanly,
		// not be taken over by nats-server's own handlers.
		NoSigs:     true,
		ServerName: c.Name,
	}
	if opts.Port == 0 {
		opts.Port = 4222
	}
	if opts.ServerName == "" {
		opts.ServerName = "newswire-nats"
		if opts.Port > 0 {
			opts.ServerName += "-" + strconv.Itoa(opts.Port)
		}
	}
	if c.MonitorPort != 0 {
		opts.HTTPHost = c.Host
		opts.HTTPPort = c.MonitorPort
	}
	if c.ClusterPort != 0 {
		if c.ClusterName == "" {
			return nil, errors.New("nats: --cluster-name is required with --cluster-port")
		}
		opts.Cluster = server.ClusterOpts{Name: c.ClusterName, Host: c.Host, Port: c.ClusterPort}
		routes, err := parseRoutes(c.Routes)
		if err != nil {
			return nil, err
		}
		opts.Routes = routes
	} else if c.Routes != "" {
		return nil, errors.New("nats: --routes needs --cluster-port")
	}
	return opts, nil
}

// parseRoutes reads --routes strictly: server.RoutesFromStr keeps a nil URL
// for a malformed entry, which the server would dereference.
func parseRoutes(s string) ([]*url.URL, error) {
	var routes []*url.URL
	for _, r := range strings.Split(s, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		u, err := url.Parse(r)
		if err != nil {
			return nil, fmt.Errorf("nats: route %q: %w", r, err)
		}
		if u.Scheme != "nats-route" && u.Scheme != "nats" || u.Hostname() == "" || u.Port() == "" {
			return nil, fmt.Errorf("nats: route %q is not nats-route://HOST:PORT", r)
		}
		routes = append(routes, u)
	}
	return routes, nil
}
