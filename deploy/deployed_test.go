package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// TestDeployedPipeline runs the overlays without Kubernetes: the real service
// binaries, built as the Dockerfiles build them, each started with the
// environment and mounted files its manifest gives it (ConfigMap, Secret
// values, token file), against NATS loaded with the rendered nats.conf and
// the Secrets' passwords: one server for dev, the three-server cluster for
// prod (R3 streams), whose ExternalSecrets get generated values. The
// provisioning Job runs first, as its manifest says; then a dispatch posted
// to ingest with a token from the Secret must reach NEWS_CASUALTIES with
// nothing dead-lettered and no permission refused; in prod a second one must
// too after one NATS server is lost. Every service must stop cleanly on
// SIGTERM well within its terminationGracePeriodSeconds.
func TestDeployedPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service binaries")
	}
	bin := buildBinaries(t)
	for _, tc := range []struct {
		dir     string
		servers int
	}{
		{"k8s/overlays/dev", 1},
		{"k8s/overlays/prod", 3},
	} {
		t.Run(filepath.Base(tc.dir), func(t *testing.T) { runDeployed(t, bin, tc.dir, tc.servers) })
	}
}

func runDeployed(t *testing.T, bin, dir string, nServers int) {
	objs := decode(t, dir)
	secrets := map[string]map[string]string{}
	for _, s := range all[*corev1.Secret](objs) {
		m := map[string]string{}
		for k, v := range s.StringData {
			m[k] = v
		}
		for k, v := range s.Data {
			m[k] = string(v)
		}
		secrets[s.Name] = m
	}
	// What the External Secrets Operator would write, with made-up values.
	for _, o := range objs {
		es, ok := o.Value.(*ExternalSecret)
		if !ok {
			continue
		}
		m := map[string]string{}
		for _, d := range es.Spec.Data {
			m[d.SecretKey] = fmt.Sprintf("generated-%s-%s\n", es.Spec.Target.Name, d.SecretKey)
			if !strings.Contains(d.SecretKey, "token") {
				m[d.SecretKey] = strings.TrimSpace(m[d.SecretKey])
			}
		}
		secrets[es.Spec.Target.Name] = m
	}
	configMaps := map[string]map[string]string{}
	for _, o := range objs {
		if cm, ok := o.Value.(*corev1.ConfigMap); ok {
			configMaps[o.Name] = cm.Data
		}
	}
	res := &resolver{configMaps: configMaps, secrets: secrets, root: t.TempDir()}

	// NATS with the rendered configuration and the Secrets' values.
	sts := find[*appsv1.StatefulSet](t, objs, "nats")
	violations := &violationLog{}
	servers := startNATS(t, objs, nServers, func(pod string) map[string]string {
		env, _ := res.container(t, pod, sts.Spec.Template.Spec, sts.Spec.Template.Spec.Containers[0])
		return env
	}, violations)
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	override := map[string]string{"NATS_URL": strings.Join(urls, ","), "OTEL_EXPORTER_OTLP_ENDPOINT": ""}

	// The Job, retried as its backoffLimit allows while a cluster elects its
	// meta leader.
	job := find[*batchv1.Job](t, objs, "newswire-provision")
	{
		env, args := res.container(t, job.Name, job.Spec.Template.Spec, job.Spec.Template.Spec.Containers[0])
		deadline := time.Now().Add(60 * time.Second)
		for {
			cmd := exec.Command(filepath.Join(bin, imageBinary(t, job.Spec.Template.Spec.Containers[0].Image)), args...)
			cmd.Env = environ(env, override)
			out, err := cmd.CombinedOutput()
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("provision Job: %v\n%s", err, out)
			}
			time.Sleep(time.Second)
		}
	}

	// The Deployments.
	var ingestURL string
	var procs []*proc
	for _, d := range all[*appsv1.Deployment](objs) {
		c := d.Spec.Template.Spec.Containers[0]
		env, args := res.container(t, d.Name, d.Spec.Template.Spec, c)
		addr := freeAddr(t)
		ov := map[string]string{"HTTP_ADDR": addr}
		for k, v := range override {
			ov[k] = v
		}
		p := start(t, d.Name, filepath.Join(bin, imageBinary(t, c.Image)), args, environ(env, ov))
		p.grace = time.Duration(*d.Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second
		procs = append(procs, p)
		p.readyURL = "http://" + addr + c.ReadinessProbe.HTTPGet.Path
		if d.Name == "ingest" {
			ingestURL = "http://" + addr + "/v1/dispatches"
		}
	}
	for _, p := range procs {
		p.waitReady(t, 90*time.Second)
	}

	token := strings.TrimSpace(strings.SplitN(secrets["ingest-tokens"]["tokens"], "\n", 2)[0])
	post := func(id string) {
		t.Helper()
		dispatch := `{"id":"` + id + `","provider":"afp","language":"en","headline":"Air strikes kill 12 in Aleppo",` +
			`"dateline":"BEIRUT, 20 oct 2015","created":"2015-10-20T10:00:00Z",` +
			`"body":"At least 12 civilians were killed in air strikes on Aleppo on Tuesday, the Syrian Observatory for Human Rights said."}`
		req, _ := http.NewRequest(http.MethodPost, ingestURL, strings.NewReader(dispatch))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("POST /v1/dispatches: %d %s", resp.StatusCode, body)
		}
	}

	// Watch the streams as an operator would.
	nc, err := nats.Connect(strings.Join(urls, ","), nats.UserInfo("admin", secrets["nats-users"]["admin-password"]))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	counts := func() map[string]uint64 {
		m := map[string]uint64{}
		for _, s := range []string{"NEWS_RAW", "NEWS_PARSED", "NEWS_ENRICHED", "NEWS_CASUALTIES", "NEWS_DLQ"} {
			sctx, scancel := context.WithTimeout(ctx, 2*time.Second)
			if st, err := js.Stream(sctx, s); err == nil {
				m[s] = st.CachedInfo().State.Msgs
			}
			scancel()
		}
		return m
	}
	through := func(n uint64) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for counts()["NEWS_CASUALTIES"] < n && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
		}
		got := counts()
		if got["NEWS_RAW"] != n || got["NEWS_PARSED"] != n || got["NEWS_ENRICHED"] != n || got["NEWS_CASUALTIES"] < n || got["NEWS_DLQ"] != 0 {
			for _, p := range procs {
				t.Logf("%s log:\n%s", p.name, p.log.String())
			}
			t.Fatalf("stream message counts %v: want %d dispatches through every stage and no dead letter", got, n)
		}
		t.Logf("stream message counts: %v", got)
	}
	post("deploy-e2e-1")
	through(1)
	if len(servers) > 1 {
		// A node lost: the services reconnect to the others, R3 streams keep
		// their quorum, and the next dispatch goes through.
		lost := servers[len(servers)-1]
		lost.Shutdown()
		servers = servers[:len(servers)-1]
		t.Logf("stopped NATS server %s", lost.Name())
		post("deploy-e2e-2")
		through(2)
	}
	srv := servers[0]

	// The AckWait the real provisioning chose is the one the grace periods
	// must exceed (Validate assumes the contract's 60s).
	for stage, stream := range stages {
		cons, err := js.Consumer(ctx, stream, stage)
		if err != nil {
			t.Fatalf("consumer %s: %v", stage, err)
		}
		wait := cons.CachedInfo().Config.AckWait
		grace := time.Duration(*find[*appsv1.Deployment](t, objs, stage).Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second
		if grace <= wait || wait > ackWait {
			t.Errorf("consumer %s AckWait %s: grace period %s, Validate assumes %s", stage, wait, grace, ackWait)
		}
	}

	// KEDA, asking as its ScaledObjects say, finds every stage's consumer
	// (created by the real provisioning) and no lag left.
	for _, so := range all[*ScaledObject](objs) {
		for _, tr := range so.Spec.Triggers {
			if tr.Type != "nats-jetstream" {
				continue
			}
			lagDeadline := time.Now().Add(10 * time.Second)
			for kedaLag(t, srv.MonitorAddr().String(), tr.Metadata) != 0 && time.Now().Before(lagDeadline) {
				time.Sleep(100 * time.Millisecond)
			}
			if n := kedaLag(t, srv.MonitorAddr().String(), tr.Metadata); n != 0 {
				t.Errorf("ScaledObject %s: KEDA sees a lag of %d after the pipeline drained", so.Name, n)
			}
		}
	}
	if v := violations.lines(); len(v) > 0 {
		t.Errorf("NATS refused permissions:\n%s", strings.Join(v, "\n"))
	}

	for _, p := range procs {
		p.stop(t)
	}
}

// resolver computes a container's environment and mounted files as the
// kubelet would from the rendered objects.
type resolver struct {
	configMaps map[string]map[string]string
	secrets    map[string]map[string]string
	root       string // where mounted volumes are written
}

// container returns the container's environment (paths under volume mounts
// rewritten to files written under r.root) and its args with $(VAR) expanded.
func (r *resolver) container(t *testing.T, podName string, pod corev1.PodSpec, c corev1.Container) (map[string]string, []string) {
	t.Helper()
	env := map[string]string{}
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			for k, v := range r.configMaps[ef.ConfigMapRef.Name] {
				env[ef.Prefix+k] = v
			}
		case ef.SecretRef != nil:
			for k, v := range r.secrets[ef.SecretRef.Name] {
				env[ef.Prefix+k] = v
			}
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = e.Value
		case e.ValueFrom.ConfigMapKeyRef != nil:
			env[e.Name] = r.configMaps[e.ValueFrom.ConfigMapKeyRef.Name][e.ValueFrom.ConfigMapKeyRef.Key]
		case e.ValueFrom.SecretKeyRef != nil:
			env[e.Name] = r.secrets[e.ValueFrom.SecretKeyRef.Name][e.ValueFrom.SecretKeyRef.Key]
		case e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "metadata.name":
			env[e.Name] = podName
		default:
			t.Fatalf("container %s env %s: unsupported valueFrom", c.Name, e.Name)
		}
	}
	// Secret and ConfigMap volumes become files; env values pointing into a
	// mount point at them.
	dir := filepath.Join(r.root, podName)
	for _, m := range c.VolumeMounts {
		for _, v := range pod.Volumes {
			if v.Name != m.Name {
				continue
			}
			var files map[string]string
			switch {
			case v.Secret != nil:
				files = r.secrets[v.Secret.SecretName]
			case v.ConfigMap != nil:
				files = r.configMaps[v.ConfigMap.Name]
			default:
				continue
			}
			local := filepath.Join(dir, m.MountPath)
			if err := os.MkdirAll(local, 0o700); err != nil {
				t.Fatal(err)
			}
			for name, content := range files {
				if err := os.WriteFile(filepath.Join(local, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for k, val := range env {
				if rest, ok := strings.CutPrefix(val, m.MountPath+"/"); ok {
					env[k] = filepath.Join(local, rest)
				}
			}
		}
	}
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = varRef.ReplaceAllStringFunc(a, func(ref string) string { return env[ref[2:len(ref)-1]] })
	}
	return env, args
}

func environ(env, override map[string]string) []string {
	merged := map[string]string{}
	for k, v := range env {
		merged[k] = v
	}
	for k, v := range override {
		merged[k] = v
	}
	out := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range merged {
		if v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}

func imageBinary(t *testing.T, image string) string {
	t.Helper()
	name, ok := strings.CutPrefix(strings.SplitN(image, ":", 2)[0], "newswire/")
	if !ok {
		t.Fatalf("image %q is not newswire/<service>", image)
	}
	return name
}

// buildBinaries builds every service binary as the Dockerfiles do.
func buildBinaries(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	args := []string{"build", "-trimpath", "-tags", "timetzdata", "-o", bin + string(filepath.Separator)}
	for _, s := range []string{"ingest", "parser", "enricher", "casualties", "newswire"} {
		args = append(args, "./services/"+s)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// proc is one running service.
type proc struct {
	name     string
	cmd      *exec.Cmd
	log      *syncBuffer
	readyURL string
	grace    time.Duration
	done     chan error
}

func start(t *testing.T, name, path string, args, env []string) *proc {
	t.Helper()
	p := &proc{name: name, log: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(path, args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *proc) waitReady(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("%s exited before ready: %v\n%s", p.name, err, p.log.String())
		default:
		}
		if resp, err := http.Get(p.readyURL); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s not ready at %s after %s\n%s", p.name, p.readyURL, timeout, p.log.String())
}

// stop sends SIGTERM, as the kubelet does, and expects a clean exit well
// within the pod's grace period (half of it: the rest is margin for a loaded
// node and for in-flight work, of which there is none here).
func (p *proc) stop(t *testing.T) {
	t.Helper()
	began := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("signalling %s: %v", p.name, err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("%s exited with %v on SIGTERM\n%s", p.name, err, p.log.String())
		}
		t.Logf("%s stopped %s after SIGTERM", p.name, time.Since(began).Round(time.Millisecond))
	case <-time.After(p.grace / 2):
		t.Errorf("%s still running %s after SIGTERM", p.name, p.grace/2)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 1<<20 { // a runaway log is not worth keeping in full
		return len(p), nil
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// violationLog is a nats-server logger keeping permission refusals.
type violationLog struct {
	mu sync.Mutex
	v  []string
}

func (l *violationLog) keep(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); strings.Contains(msg, "Violation") {
		l.mu.Lock()
		l.v = append(l.v, msg)
		l.mu.Unlock()
	}
}
func (l *violationLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.v...)
}
func (l *violationLog) Noticef(f string, a ...any) { l.keep(f, a...) }
func (l *violationLog) Warnf(f string, a ...any)   { l.keep(f, a...) }
func (l *violationLog) Fatalf(f string, a ...any)  { l.keep(f, a...) }
func (l *violationLog) Errorf(f string, a ...any)  { l.keep(f, a...) }
func (l *violationLog) Debugf(f string, a ...any)  { l.keep(f, a...) }
func (l *violationLog) Tracef(f string, a ...any)  { l.keep(f, a...) }
