package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ackWait is the consumers' AckWait in the services' contract.
const ackWait = 60 * time.Second

var (
	renderMu sync.Mutex
	rendered = map[string][]byte{}
)

// render builds a kustomization once per test binary.
func render(t *testing.T, dir string) []byte {
	t.Helper()
	renderMu.Lock()
	defer renderMu.Unlock()
	if out, ok := rendered[dir]; ok {
		return out
	}
	out, err := Render(dir)
	if err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	rendered[dir] = out
	return out
}

func decode(t *testing.T, dir string) []Object {
	t.Helper()
	objs, err := Decode(render(t, dir))
	if err != nil {
		t.Fatalf("decode %s: %v", dir, err)
	}
	return objs
}

func find[T any](t *testing.T, objs []Object, name string) T {
	t.Helper()
	for _, o := range objs {
		if v, ok := o.Value.(T); ok && o.Name == name {
			return v
		}
	}
	var zero T
	t.Fatalf("no %T named %q", zero, name)
	return zero
}

func all[T any](objs []Object) []T {
	var out []T
	for _, o := range objs {
		if v, ok := o.Value.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func envValue(c corev1.Container, name string) (corev1.EnvVar, bool) {
	i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == name })
	if i < 0 {
		return corev1.EnvVar{}, false
	}
	return c.Env[i], true
}

// stages maps each consuming stage to the stream its durable consumer (named
// after the stage) reads, per the services' contract.
var stages = map[string]string{"parser": "NEWS_RAW", "enricher": "NEWS_PARSED", "casualties": "NEWS_ENRICHED"}

func TestManifests(t *testing.T) {
	tests := []struct {
		dir            string
		namespace      string
		requireTags    bool
		streamReplicas string
		devSecrets     bool // the base's development Secrets are rendered
	}{
		{dir: "k8s/base", namespace: "newswire", streamReplicas: "1", devSecrets: true},
		{dir: "k8s/overlays/dev", namespace: "newswire-dev", requireTags: true, streamReplicas: "1", devSecrets: true},
		{dir: "k8s/overlays/prod", namespace: "newswire", requireTags: true, streamReplicas: "3"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.dir), func(t *testing.T) {
			objs := decode(t, tc.dir)
			for _, err := range Validate(objs, Options{AckWait: ackWait, RequireImageTags: tc.requireTags}) {
				t.Error(err)
			}
			for _, o := range objs {
				if o.Kind != "Namespace" && o.Namespace != tc.namespace {
					t.Errorf("%s: namespace %q, want %q", o.ID(), o.Namespace, tc.namespace)
				}
			}

			cfg := find[*corev1.ConfigMap](t, objs, "newswire-config")
			if got := cfg.Data["STREAM_REPLICAS"]; got != tc.streamReplicas {
				t.Errorf("STREAM_REPLICAS = %q, want %q", got, tc.streamReplicas)
			}
			if got := cfg.Data["PROVISION"]; got != "false" {
				t.Errorf("PROVISION = %q: the stages' NATS users may not create streams, the Job provisions", got)
			}
			job := find[*batchv1.Job](t, objs, "newswire-provision")
			if args := job.Spec.Template.Spec.Containers[0].Args; !slices.Equal(args, []string{"provision", "--replicas", "$(STREAM_REPLICAS)"}) {
				t.Errorf("provision Job args = %q", args)
			}

			// Each consuming stage scales on its own durable consumer's lag.
			triggers := map[string][2]string{}
			for _, so := range all[*ScaledObject](objs) {
				for _, tr := range so.Spec.Triggers {
					if tr.Type == "nats-jetstream" {
						triggers[so.Spec.ScaleTargetRef.Name] = [2]string{tr.Metadata["stream"], tr.Metadata["consumer"]}
					}
				}
			}
			for stage, stream := range stages {
				if got, want := triggers[stage], [2]string{stream, stage}; got != want {
					t.Errorf("stage %s scales on stream/consumer %v, want %v", stage, got, want)
				}
			}

			// Every service image is built by a Dockerfile of this repository.
			for _, d := range all[*appsv1.Deployment](objs) {
				for _, c := range d.Spec.Template.Spec.Containers {
					name, ok := strings.CutPrefix(strings.SplitN(c.Image, ":", 2)[0], "newswire/")
					if !ok {
						t.Errorf("Deployment %s: image %q is not one of newswire/<service>", d.Name, c.Image)
						continue
					}
					if _, err := os.Stat(filepath.Join("..", "services", name, "Dockerfile")); err != nil {
						t.Errorf("Deployment %s: image %q: %v", d.Name, c.Image, err)
					}
					if u, _ := envValue(c, "NATS_USER"); u.Value != d.Name {
						t.Errorf("Deployment %s: NATS_USER %q, want its own user %q", d.Name, u.Value, d.Name)
					}
				}
			}

			var dev []string
			for _, s := range all[*corev1.Secret](objs) {
				if s.Annotations["newswire.dev/credentials"] == "development-only" {
					dev = append(dev, s.Name)
				}
			}
			if tc.devSecrets != (len(dev) > 0) {
				t.Errorf("development-only Secrets %v rendered; want them: %v", dev, tc.devSecrets)
			}
		})
	}
}

// TestProdIsHighlyAvailable pins what production relies on to survive the
// loss of a node.
func TestProdIsHighlyAvailable(t *testing.T) {
	objs := decode(t, "k8s/overlays/prod")
	nats := find[*appsv1.StatefulSet](t, objs, "nats")
	if nats.Spec.Replicas == nil || *nats.Spec.Replicas != 3 {
		t.Errorf("NATS replicas = %v, want 3", nats.Spec.Replicas)
	}
	if nats.Spec.PodManagementPolicy != appsv1.ParallelPodManagement {
		t.Errorf("NATS podManagementPolicy = %q: servers must start together to form a quorum", nats.Spec.PodManagementPolicy)
	}
	spread := nats.Spec.Template.Spec.TopologySpreadConstraints
	if !slices.ContainsFunc(spread, func(c corev1.TopologySpreadConstraint) bool {
		return c.TopologyKey == "kubernetes.io/hostname" && c.WhenUnsatisfiable == corev1.DoNotSchedule && c.MaxSkew == 1
	}) {
		t.Errorf("NATS servers may share a node: %+v", spread)
	}
	pdb := find[*policyv1.PodDisruptionBudget](t, objs, "nats")
	if pdb.Spec.MaxUnavailable == nil || *pdb.Spec.MaxUnavailable != intstr.FromInt32(1) {
		t.Errorf("NATS PDB maxUnavailable = %v, want 1 (keeps a 2-of-3 quorum)", pdb.Spec.MaxUnavailable)
	}
	for stage := range stages {
		so := find[*ScaledObject](t, objs, stage)
		if so.Spec.MinReplicaCount == nil || *so.Spec.MinReplicaCount < 2 {
			t.Errorf("%s: minReplicaCount %v, want at least 2", stage, so.Spec.MinReplicaCount)
		}
	}
	if len(all[*corev1.Secret](objs)) != 0 {
		t.Errorf("prod renders Secrets; its credentials must come from ExternalSecrets")
	}
}

// TestValidateCatches breaks one reference at a time in the rendered dev
// overlay and expects Validate to name it: a checker that passes everything
// would pass TestManifests too.
func TestValidateCatches(t *testing.T) {
	stream := render(t, "k8s/overlays/dev")
	tests := []struct {
		name   string
		break_ func(t *testing.T, objs []Object)
		want   string
	}{
		{"service targetPort", func(t *testing.T, objs []Object) {
			find[*corev1.Service](t, objs, "parser").Spec.Ports[0].TargetPort = intstr.FromString("metrics")
		}, "targetPort metrics is not a container port"},
		{"deployment selector", func(t *testing.T, objs []Object) {
			find[*appsv1.Deployment](t, objs, "enricher").Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "enrich"
		}, "does not match its pod template labels"},
		{"missing secret key", func(t *testing.T, objs []Object) {
			delete(find[*corev1.Secret](t, objs, "nats-users").StringData, "casualties-password")
		}, `Secret "nats-users" has no key "casualties-password"`},
		{"missing configmap", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.Deployment](t, objs, "ingest").Spec.Template.Spec.Containers[0]
			c.EnvFrom[0].ConfigMapRef.Name = "newswire-conf"
		}, `no ConfigMap "newswire-conf"`},
		{"grace below AckWait", func(t *testing.T, objs []Object) {
			find[*appsv1.Deployment](t, objs, "parser").Spec.Template.Spec.TerminationGracePeriodSeconds = ptrTo(int64(30))
		}, "not above the consumers' AckWait"},
		{"no GOMEMLIMIT", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.Deployment](t, objs, "casualties").Spec.Template.Spec.Containers[0]
			c.Env = slices.DeleteFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "GOMEMLIMIT" })
		}, "no GOMEMLIMIT"},
		{"GOMEMLIMIT above the limit", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.StatefulSet](t, objs, "nats").Spec.Template.Spec.Containers[0]
			i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "GOMEMLIMIT" })
			c.Env[i].Value = "2GiB"
		}, "of the memory limit"},
		{"root container", func(t *testing.T, objs []Object) {
			find[*batchv1.Job](t, objs, "newswire-provision").Spec.Template.Spec.SecurityContext.RunAsUser = ptrTo(int64(0))
		}, "must run as non-root"},
		{"probe on undeclared port", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.Deployment](t, objs, "ingest").Spec.Template.Spec.Containers[0]
			c.ReadinessProbe.HTTPGet.Port = intstr.FromInt32(9090)
		}, "readiness probe port 9090"},
		{"no readiness probe", func(t *testing.T, objs []Object) {
			find[*appsv1.Deployment](t, objs, "parser").Spec.Template.Spec.Containers[0].ReadinessProbe = nil
		}, "needs liveness and readiness probes"},
		{"no memory limit", func(t *testing.T, objs []Object) {
			delete(find[*appsv1.Deployment](t, objs, "parser").Spec.Template.Spec.Containers[0].Resources.Limits, corev1.ResourceMemory)
		}, "needs a memory request and a memory limit"},
		{"scaled object target", func(t *testing.T, objs []Object) {
			find[*ScaledObject](t, objs, "parser").Spec.ScaleTargetRef.Name = "parsr"
		}, `scale target Deployment "parsr" does not exist`},
		{"replicas under an autoscaler", func(t *testing.T, objs []Object) {
			find[*appsv1.Deployment](t, objs, "enricher").Spec.Replicas = ptrTo(int32(2))
		}, "sets spec.replicas"},
		{"monitoring endpoint namespace", func(t *testing.T, objs []Object) {
			find[*ScaledObject](t, objs, "casualties").Spec.Triggers[0].Metadata["natsServerMonitoringEndpoint"] = "nats-headless.newswire.svc.cluster.local:8222"
		}, "is not <service>.newswire-dev.svc.cluster.local"},
		{"monitoring endpoint on the client service", func(t *testing.T, objs []Object) {
			find[*ScaledObject](t, objs, "casualties").Spec.Triggers[0].Metadata["natsServerMonitoringEndpoint"] = "nats.newswire-dev.svc.cluster.local:8222"
		}, `Service "nats" has no port 8222`},
		{"trigger key typo", func(t *testing.T, objs []Object) {
			md := find[*ScaledObject](t, objs, "parser").Spec.Triggers[0].Metadata
			md["lagTreshold"] = md["lagThreshold"]
			delete(md, "lagThreshold")
		}, `unknown metadata key "lagTreshold"`},
		{"pdb selector", func(t *testing.T, objs []Object) {
			find[*policyv1.PodDisruptionBudget](t, objs, "nats").Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "nats-server"
		}, "selector matches 0 pod templates"},
		{"network policy port", func(t *testing.T, objs []Object) {
			np := find[*networkingv1.NetworkPolicy](t, objs, "newswire-egress")
			np.Spec.Egress[0].Ports[0].Port = ptrTo(intstr.FromInt32(4223))
		}, "egress port 4223 is not a container port"},
		{"volume mount", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.StatefulSet](t, objs, "nats").Spec.Template.Spec.Containers[0]
			c.VolumeMounts[0].Name = "conf"
		}, `volumeMount "conf": no such volume`},
		{"headless service", func(t *testing.T, objs []Object) {
			find[*corev1.Service](t, objs, "nats-headless").Spec.ClusterIP = ""
		}, "is not headless"},
		{"service account", func(t *testing.T, objs []Object) {
			find[*appsv1.StatefulSet](t, objs, "nats").Spec.Template.Spec.ServiceAccountName = "nats-server"
		}, `no such ServiceAccount`},
		{"two autoscalers", func(t *testing.T, objs []Object) {
			find[*ScaledObject](t, objs, "parser").Spec.ScaleTargetRef.Name = "ingest"
		}, `Deployment "ingest" is already scaled by`},
		{"capabilities", func(t *testing.T, objs []Object) {
			c := &find[*appsv1.Deployment](t, objs, "enricher").Spec.Template.Spec.Containers[0]
			c.SecurityContext.Capabilities.Add = []corev1.Capability{"NET_BIND_SERVICE"}
		}, "must drop ALL capabilities and add none"},
		{"secret volume", func(t *testing.T, objs []Object) {
			for i, v := range find[*appsv1.Deployment](t, objs, "ingest").Spec.Template.Spec.Volumes {
				if v.Secret != nil {
					find[*appsv1.Deployment](t, objs, "ingest").Spec.Template.Spec.Volumes[i].Secret.SecretName = "ingest-token"
				}
			}
		}, `no Secret "ingest-token"`},
		{"pdb blocking drains", func(t *testing.T, objs []Object) {
			pdb := find[*policyv1.PodDisruptionBudget](t, objs, "parser")
			pdb.Spec.MaxUnavailable, pdb.Spec.MinAvailable = nil, ptrTo(intstr.FromInt32(1))
		}, "blocks node drains"},
		{"undefined $(VAR)", func(t *testing.T, objs []Object) {
			find[*batchv1.Job](t, objs, "newswire-provision").Spec.Template.Spec.Containers[0].Args[2] = "$(REPLICAS)"
		}, "$(REPLICAS) in command/args"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs, err := Decode(stream)
			if err != nil {
				t.Fatal(err)
			}
			if errs := Validate(objs, Options{AckWait: ackWait}); len(errs) != 0 {
				t.Fatalf("unbroken manifests already fail: %v", errs)
			}
			tc.break_(t, objs)
			errs := Validate(objs, Options{AckWait: ackWait})
			if !slices.ContainsFunc(errs, func(e error) bool { return strings.Contains(e.Error(), tc.want) }) {
				t.Errorf("want an error containing %q, got %v", tc.want, errs)
			}
		})
	}
}

// TestValidateCatchesInProd covers what only the prod overlay has: image
// tags and Secrets that come from ExternalSecrets.
func TestValidateCatchesInProd(t *testing.T) {
	stream := render(t, "k8s/overlays/prod")
	opt := Options{AckWait: ackWait, RequireImageTags: true}
	tests := []struct {
		name   string
		break_ func(t *testing.T, objs []Object)
		want   string
	}{
		{"latest tag", func(t *testing.T, objs []Object) {
			find[*appsv1.Deployment](t, objs, "parser").Spec.Template.Spec.Containers[0].Image = "newswire/parser:latest"
		}, "is not pinned to a tag"},
		{"untagged", func(t *testing.T, objs []Object) {
			find[*batchv1.Job](t, objs, "newswire-provision").Spec.Template.Spec.Containers[0].Image = "newswire/newswire"
		}, "is not pinned to a tag"},
		{"external secret key", func(t *testing.T, objs []Object) {
			es := find[*ExternalSecret](t, objs, "nats-users")
			es.Spec.Data = es.Spec.Data[1:]
		}, `Secret "nats-users" has no key "ingest-password"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			objs, err := Decode(stream)
			if err != nil {
				t.Fatal(err)
			}
			if errs := Validate(objs, opt); len(errs) != 0 {
				t.Fatalf("unbroken manifests already fail: %v", errs)
			}
			tc.break_(t, objs)
			errs := Validate(objs, opt)
			if !slices.ContainsFunc(errs, func(e error) bool { return strings.Contains(e.Error(), tc.want) }) {
				t.Errorf("want an error containing %q, got %v", tc.want, errs)
			}
		})
	}
}

func TestDecodeIsStrict(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"unknown field", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n", `unknown field "replica"`},
		{"misplaced field", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 80, containerPort: 80}]\n", "unknown field"},
		{"wrong type", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  n: [1]\n", "cannot unmarshal"},
		{"duplicate key", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\ndata: {c: d}\n", "already set"},
		{"unknown kind", "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n", "unsupported apiVersion/kind"},
		{"wrong CRD field", "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {name: x}\n  minReplicas: 1\n  triggers: []\n", `unknown field "minReplicas"`},
		{"no name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "no metadata.name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	objs, err := Decode([]byte("# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
	if err != nil || len(objs) != 1 {
		t.Errorf("comment-only document: got %d objects, %v; want 1, nil", len(objs), err)
	}
}
