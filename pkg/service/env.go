package service

import (
	"os"
	"strconv"
	"strings"
)

// Env is the configuration every service reads from its environment; the
// same variables drive `newswire up`, a binary on a laptop and a pod.
type Env struct {
	NATSURL      string // NATS_URL; default nats://127.0.0.1:4222
	NATSCreds    string // NATS_CREDS: path to a .creds file
	NATSUser     string // NATS_USER
	NATSPassword string // NATS_PASSWORD
	NATSCA       string // NATS_CA: CA bundle for TLS
	NATSCert     string // NATS_CERT: client certificate for mutual TLS
	NATSKey      string // NATS_KEY
	HTTPAddr     string // HTTP_ADDR: health, metrics (and ingest's API); default :8080
	Workers      int    // WORKERS: handler pool size; default 2 × GOMAXPROCS
	Replicas     int    // STREAM_REPLICAS: stream replicas when provisioning; default 1
	Provision    bool   // PROVISION: create/update streams and consumer at start; default true
}

// EnvFromOS reads Env from the process environment.
func EnvFromOS() Env {
	e := Env{
		NATSURL:      getenv("NATS_URL", "nats://127.0.0.1:4222"),
		NATSCreds:    os.Getenv("NATS_CREDS"),
		NATSUser:     os.Getenv("NATS_USER"),
		NATSPassword: os.Getenv("NATS_PASSWORD"),
		NATSCA:       os.Getenv("NATS_CA"),
		NATSCert:     os.Getenv("NATS_CERT"),
		NATSKey:      os.Getenv("NATS_KEY"),
		HTTPAddr:     getenv("HTTP_ADDR", ":8080"),
		Provision:    true,
	}
	e.Workers, _ = strconv.Atoi(os.Getenv("WORKERS"))
	e.Replicas, _ = strconv.Atoi(os.Getenv("STREAM_REPLICAS"))
	if v := strings.ToLower(os.Getenv("PROVISION")); v == "false" || v == "0" || v == "no" {
		e.Provision = false
	}
	return e
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
