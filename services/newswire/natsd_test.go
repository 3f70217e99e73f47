package main

import (
	"strings"
	"testing"
)

func TestNATSServerOptions(t *testing.T) {
	tests := []struct {
		name    string
		cfg     natsdConfig
		wantErr string
		check   func(t *testing.T, c natsdConfig)
	}{
		{name: "single server", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4300}},
		{name: "cluster node", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4301, Name: "n1", ClusterName: "c",
			ClusterPort: 6301, Routes: "nats-route://127.0.0.1:6301, nats-route://127.0.0.1:6302,"}},
		{name: "no store", cfg: natsdConfig{Host: "127.0.0.1", Port: 4300}, wantErr: "--data"},
		{name: "host not an address", cfg: natsdConfig{DataDir: "d", Host: "example", Port: 4300}, wantErr: "--host"},
		{name: "port out of range", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 70000}, wantErr: "ports"},
		{name: "routes without cluster", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4300, Routes: "nats-route://127.0.0.1:6301"}, wantErr: "--cluster-port"},
		{name: "malformed route", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4300, ClusterName: "c", ClusterPort: 6301, Routes: "nats-route://"}, wantErr: "route"},
		{name: "route without port", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4300, ClusterName: "c", ClusterPort: 6301, Routes: "nats-route://127.0.0.1"}, wantErr: "route"},
		{name: "cluster without name", cfg: natsdConfig{DataDir: "d", Host: "127.0.0.1", Port: 4300, ClusterPort: 6301}, wantErr: "--cluster-name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := tt.cfg.serverOptions()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !opts.JetStream || opts.StoreDir != tt.cfg.DataDir || opts.Port != tt.cfg.Port || !opts.NoSigs {
				t.Errorf("options = JetStream %v store %q port %d nosigs %v", opts.JetStream, opts.StoreDir, opts.Port, opts.NoSigs)
			}
			if opts.ServerName == "" {
				t.Error("no server name: JetStream clustering needs one")
			}
			if tt.cfg.ClusterPort != 0 {
				if opts.Cluster.Port != tt.cfg.ClusterPort || opts.Cluster.Name != tt.cfg.ClusterName || len(opts.Routes) != 2 {
					t.Errorf("cluster = %+v, %d routes", opts.Cluster, len(opts.Routes))
				}
			}
		})
	}
}
