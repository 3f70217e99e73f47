package deploy

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// startNATS starts servers for the first n pods of the rendered NATS
// StatefulSet, each from the rendered nats.conf with the environment
// envFor(pod) returns, on local ports. With n == 1 the server runs alone;
// otherwise the routes (nats-N.<headless Service>) are mapped to the other
// servers' local cluster ports. Logs go to log when it is not nil.
func startNATS(t *testing.T, objs []Object, n int, envFor func(pod string) map[string]string, log server.Logger) []*server.Server {
	t.Helper()
	sts := find[*appsv1.StatefulSet](t, objs, "nats")
	var confMap string
	for _, v := range sts.Spec.Template.Spec.Volumes {
		if v.ConfigMap != nil {
			confMap = v.ConfigMap.Name
		}
	}
	path := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(path, []byte(find[*corev1.ConfigMap](t, objs, confMap).Data["nats.conf"]), 0o600); err != nil {
		t.Fatal(err)
	}
	// One local cluster port per pod, known before any server starts.
	routePorts := map[string]int{}
	for i := range n {
		routePorts[fmt.Sprintf("%s-%d.%s", sts.Name, i, sts.Spec.ServiceName)] = freePort(t)
	}
	servers := make([]*server.Server, n)
	for i := range n {
		pod := fmt.Sprintf("%s-%d", sts.Name, i)
		// The config reads its variables from the environment when parsed.
		for k, v := range envFor(pod) {
			t.Setenv(k, v)
		}
		opts, err := server.ProcessConfigFile(path)
		if err != nil {
			t.Fatalf("loading nats.conf for %s: %v", pod, err)
		}
		if opts.ServerName != pod {
			t.Fatalf("server_name %q in pod %s", opts.ServerName, pod)
		}
		if n == 1 {
			opts.Cluster, opts.Routes = server.ClusterOpts{}, nil
		} else {
			var routes []*url.URL
			for _, r := range opts.Routes {
				port, ok := routePorts[r.Hostname()]
				if !ok {
					t.Fatalf("route %s names no pod of the StatefulSet", r)
				}
				routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", port)})
			}
			opts.Routes = routes
			opts.Cluster.Host, opts.Cluster.Port = "127.0.0.1", routePorts[pod+"."+sts.Spec.ServiceName]
		}
		opts.Host, opts.Port = "127.0.0.1", -1
		opts.HTTPHost, opts.HTTPPort = "127.0.0.1", -1
		opts.StoreDir, opts.JetStreamMaxStore, opts.PidFile = t.TempDir(), 1<<30, ""
		opts.NoSigs = true
		opts.NoLog = log == nil
		s, err := server.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		if log != nil {
			s.SetLogger(log, false, false)
		}
		go s.Start()
		t.Cleanup(s.Shutdown)
		servers[i] = s
	}
	for _, s := range servers {
		if !s.ReadyForConnections(10 * time.Second) {
			t.Fatalf("NATS server %s not ready", s.Name())
		}
	}
	return servers
}

// markerEnv gives the NATS container's environment with every Secret value
// replaced by "secret:<name>/<key>", so a password in the loaded options
// says which Secret key it comes from.
func markerEnv(t *testing.T, objs []Object) func(pod string) map[string]string {
	t.Helper()
	sts := find[*appsv1.StatefulSet](t, objs, "nats")
	return func(pod string) map[string]string {
		env := map[string]string{}
		for _, e := range sts.Spec.Template.Spec.Containers[0].Env {
			switch {
			case e.ValueFrom == nil:
				env[e.Name] = e.Value
			case e.ValueFrom.SecretKeyRef != nil:
				env[e.Name] = "secret:" + e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
			case e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "metadata.name":
				env[e.Name] = pod
			default:
				t.Fatalf("NATS env %s: unsupported valueFrom", e.Name)
			}
		}
		return env
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
