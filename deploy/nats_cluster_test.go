package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/newswire/newswire/pkg/stage"
)

// TestNATSClusterFromProdConfig starts the three servers of the prod overlay
// from its rendered nats.conf, each with its pod's environment, with the
// route hosts (nats-N.nats-headless) mapped to local ports: they must form
// one JetStream cluster on which the stages' provisioning code creates R3
// streams (STREAM_REPLICAS in prod), keep serving writes with one server
// down, and not advertise client URLs (which is what makes KEDA address each
// server by name).
func TestNATSClusterFromProdConfig(t *testing.T) {
	objs := decode(t, "k8s/overlays/prod")
	sts := find[*appsv1.StatefulSet](t, objs, "nats")
	replicas := int(*sts.Spec.Replicas)
	servers := startNATS(t, objs, replicas, markerEnv(t, objs), nil)

	replicasWanted := 0
	fmt.Sscan(find[*corev1.ConfigMap](t, objs, "newswire-config").Data["STREAM_REPLICAS"], &replicasWanted)
	prov := connect(t, servers[0].ClientURL(), "provisioner", "secret:nats-users/provisioner-password")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// The cluster needs a meta leader before it takes streams; the Job
	// retries the same way (backoffLimit).
	for {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		err := stage.ProvisionStreams(pctx, prov.js, stage.ProvisionOptions{Replicas: replicasWanted})
		pcancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("provisioning R%d streams on the cluster: %v", replicasWanted, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for name := range stage.StreamSubjects {
		s, err := prov.js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		info := s.CachedInfo()
		if info.Config.Replicas != replicasWanted || info.Cluster == nil || len(info.Cluster.Replicas)+1 != replicasWanted {
			t.Errorf("stream %s: %d replicas configured, cluster %+v; want %d", name, info.Config.Replicas, info.Cluster, replicasWanted)
		}
	}

	// KEDA's first query: /varz without connect_urls sends it to
	// <server_name>.<endpoint host> for each server.
	resp, err := http.Get("http://" + servers[0].MonitorAddr().String() + "/varz")
	if err != nil {
		t.Fatal(err)
	}
	var varz struct {
		ConnectURLs []string `json:"connect_urls"`
		ServerName  string   `json:"server_name"`
	}
	err = json.NewDecoder(resp.Body).Decode(&varz)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(varz.ConnectURLs) != 0 || !strings.HasPrefix(varz.ServerName, sts.Name+"-") {
		t.Errorf("varz connect_urls %v, server_name %q: the manifests rely on no_advertise (KEDA then asks <server_name>.<headless Service> for each server)", varz.ConnectURLs, varz.ServerName)
	}

	// One server down (a node lost, or a rolling update): writes go on.
	servers[replicas-1].Shutdown()
	ingest := connect(t, servers[0].ClientURL(), "ingest", "secret:nats-users/ingest-password")
	var lastErr error
	for range 50 {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		_, lastErr = ingest.js.Publish(pctx, "news.raw.afp", []byte("dispatch"), jetstream.WithMsgID("afp-cluster-1"))
		pcancel()
		if lastErr == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if lastErr != nil {
		t.Errorf("publishing with %s down: %v", servers[replicas-1].Name(), lastErr)
	}
}
