package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/newswire/newswire/pkg/story"
	"github.com/newswire/newswire/pkg/story/versioned"
	"github.com/newswire/newswire/pkg/tolls"
	"github.com/newswire/newswire/proto"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// natsConfig loads the rendered nats.conf as pod nats-0 would, with the
// NATS container's environment from markerEnv.
func natsConfig(t *testing.T, objs []Object) *server.Options {
	t.Helper()
	sts := find[*appsv1.StatefulSet](t, objs, "nats")
	for k, v := range markerEnv(t, objs)(sts.Name + "-0") {
		t.Setenv(k, v)
	}
	var confMap string
	for _, v := range sts.Spec.Template.Spec.Volumes {
		if v.ConfigMap != nil {
			confMap = v.ConfigMap.Name
		}
	}
	conf, ok := find[*corev1.ConfigMap](t, objs, confMap).Data["nats.conf"]
	if !ok {
		t.Fatalf("ConfigMap %s has no nats.conf", confMap)
	}
	path := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("nats.conf does not load: %v", err)
	}
	return opts
}

// natsClients lists the NATS user and password Secret key of every workload.
func natsClients(t *testing.T, objs []Object) map[string]string {
	t.Helper()
	clients := map[string]string{}
	var specs []corev1.PodSpec
	for _, d := range all[*appsv1.Deployment](objs) {
		specs = append(specs, d.Spec.Template.Spec)
	}
	for _, j := range all[*batchv1.Job](objs) {
		specs = append(specs, j.Spec.Template.Spec)
	}
	for _, s := range specs {
		for _, c := range s.Containers {
			user, ok := envValue(c, "NATS_USER")
			if !ok {
				t.Errorf("container %s: no NATS_USER", c.Name)
				continue
			}
			pw, ok := envValue(c, "NATS_PASSWORD")
			if !ok || pw.ValueFrom == nil || pw.ValueFrom.SecretKeyRef == nil {
				t.Errorf("container %s: NATS_PASSWORD must come from a Secret", c.Name)
				continue
			}
			clients[user.Value] = "secret:" + pw.ValueFrom.SecretKeyRef.Name + "/" + pw.ValueFrom.SecretKeyRef.Key
		}
	}
	return clients
}

// TestNATSConfig loads nats.conf as the servers would and checks it against
// the pods: the JetStream cluster settings KEDA and the StatefulSet rely on,
// and, for every workload, a NATS user whose password is read from the very
// Secret key the workload's NATS_PASSWORD comes from.
func TestNATSConfig(t *testing.T) {
	for _, dir := range []string{"k8s/overlays/dev", "k8s/overlays/prod"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			objs := decode(t, dir)
			opts := natsConfig(t, objs)
			sts := find[*appsv1.StatefulSet](t, objs, "nats")
			if opts.ServerName != sts.Name+"-0" {
				t.Errorf("server_name = %q, want the pod name", opts.ServerName)
			}
			if !opts.JetStream || opts.StoreDir == "" || opts.JetStreamMaxStore <= 0 {
				t.Errorf("JetStream file storage not configured: enabled %v, store %q, max %d", opts.JetStream, opts.StoreDir, opts.JetStreamMaxStore)
			}
			for _, vc := range sts.Spec.VolumeClaimTemplates {
				if size := vc.Spec.Resources.Requests.Storage(); vc.Name == "data" && opts.JetStreamMaxStore >= size.Value() {
					t.Errorf("max_file_store %d bytes does not fit the %s volume", opts.JetStreamMaxStore, size.String())
				}
			}
			if !opts.Cluster.NoAdvertise {
				t.Error("cluster.no_advertise is off: KEDA would query pod IPs instead of per-server names")
			}
			if got, want := len(opts.Routes), int(*sts.Spec.Replicas); got != want {
				t.Errorf("%d cluster routes for %d servers", got, want)
			}
			for i, r := range opts.Routes {
				if want := fmt.Sprintf("%s-%d.%s", sts.Name, i, sts.Spec.ServiceName); r.Hostname() != want {
					t.Errorf("route %d host %q, want %q", i, r.Hostname(), want)
				}
			}
			users := map[string]*server.User{}
			for _, u := range opts.Users {
				users[u.Username] = u
			}
			for user, secret := range natsClients(t, objs) {
				u, ok := users[user]
				switch {
				case !ok:
					t.Errorf("NATS_USER %q has no user in nats.conf", user)
				case u.Password != secret:
					t.Errorf("user %q: nats.conf password comes from %q, the pod's NATS_PASSWORD from %q", user, u.Password, secret)
				case u.Permissions == nil:
					t.Errorf("user %q has no permissions: every service user must be restricted", user)
				}
			}
		})
	}
}

// TestNATSPermissions runs a server with the rendered nats.conf (cluster and
// ports swapped for a standalone test server) and plays each user's part with
// the nats.go client, so the permissions are checked against the subjects the
// client library really uses: what a service needs succeeds, and publishing
// or reading outside its lane is refused.
func TestNATSPermissions(t *testing.T) {
	objs := decode(t, "k8s/overlays/prod")
	srv := startNATS(t, objs, 1, markerEnv(t, objs), nil)[0]
	clients := natsClients(t, objs)
	clients["admin"] = "secret:nats-users/admin-password"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	as := func(t *testing.T, user string) *client {
		t.Helper()
		return connect(t, srv.ClientURL(), user, clients[user])
	}

	// Auth is on: no credentials, or wrong ones, get no connection at all.
	if nc, err := nats.Connect(srv.ClientURL()); err == nil {
		nc.Close()
		t.Error("an unauthenticated client connected")
	}
	if nc, err := nats.Connect(srv.ClientURL(), nats.UserInfo("parser", "not-the-password")); err == nil {
		nc.Close()
		t.Error("a client with a wrong password connected")
	}

	// The Job's part: streams and consumers as the services' contract has them.
	prov := as(t, "provisioner")
	for name, subj := range map[string]string{
		"NEWS_RAW": "news.raw.>", "NEWS_PARSED": "news.parsed.>", "NEWS_ENRICHED": "news.enriched.>",
		"NEWS_CASUALTIES": "news.casualties.>", "NEWS_DLQ": "news.dlq.>",
	} {
		if _, err := prov.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subj}, Storage: jetstream.FileStorage, Duplicates: 10 * time.Minute}); err != nil {
			t.Fatalf("provisioner creating %s: %v", name, err)
		}
	}
	for stage, stream := range stages {
		if _, err := prov.js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{Durable: stage, AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait, MaxDeliver: 5}); err != nil {
			t.Fatalf("provisioner creating consumer %s: %v", stage, err)
		}
	}
	prov.denied(t, "news.raw.afp")

	// What KEDA sees: each trigger's account, stream and consumer exist, and
	// the lag counts the message about to be published.
	lag := func() map[string]int {
		m := map[string]int{}
		for _, so := range all[*ScaledObject](objs) {
			for _, tr := range so.Spec.Triggers {
				if tr.Type == "nats-jetstream" {
					m[so.Name] = kedaLag(t, srv.MonitorAddr().String(), tr.Metadata)
				}
			}
		}
		return m
	}
	if got := lag(); len(got) != len(stages) {
		t.Fatalf("KEDA lag for %v, want one per stage", got)
	}

	ingest := as(t, "ingest")
	if _, err := ingest.js.Publish(ctx, "news.raw.afp", []byte("dispatch"), jetstream.WithMsgID("afp-1")); err != nil {
		t.Fatalf("ingest publishing news.raw.afp: %v", err)
	}
	if _, err := ingest.js.Publish(ctx, "news.dlq.ingest", []byte("bad")); err != nil {
		t.Fatalf("ingest publishing its DLQ: %v", err)
	}
	if got := lag()["parser"]; got != 1 {
		t.Errorf("KEDA sees a lag of %d for parser after one dispatch, want 1", got)
	}
	ingest.denied(t, "news.parsed.fr", "news.dlq.parser", "$JS.API.STREAM.PURGE.NEWS_RAW", "$JS.API.STREAM.DELETE.NEWS_RAW")
	ingest.deniedSub(t, "news.>")

	admin := as(t, "admin")
	chain := []struct{ stage, in, out, bucket string }{
		{"parser", "NEWS_RAW", "news.parsed.fr", ""},
		{"enricher", "NEWS_PARSED", "news.enriched.fr", story.AssignmentStream},
		{"casualties", "NEWS_ENRICHED", "news.casualties.sy", tolls.Bucket().Bucket},
	}
	for i, st := range chain {
		t.Run(st.stage, func(t *testing.T) {
			// Each stage gets its own deadline, so one refusal fails that
			// stage quickly instead of starving the next ones.
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			c := as(t, st.stage)
			cons, err := c.js.Consumer(ctx, st.in, st.stage)
			if err != nil {
				t.Fatalf("binding to its consumer: %v", err)
			}
			batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
			if err != nil {
				t.Fatalf("fetching: %v", err)
			}
			var got int
			for m := range batch.Messages() {
				got++
				if err := m.InProgress(); err != nil {
					t.Errorf("in progress: %v", err)
				}
				if _, err := c.js.Publish(ctx, st.out, m.Data(), jetstream.WithMsgID(st.stage+"-1")); err != nil {
					t.Fatalf("publishing %s: %v", st.out, err)
				}
				if err := m.DoubleAck(ctx); err != nil {
					t.Fatalf("acking: %v", err)
				}
			}
			if got != 1 || batch.Error() != nil {
				t.Fatalf("fetched %d messages (%v), want 1", got, batch.Error())
			}
			if _, err := c.js.Publish(ctx, "news.dlq."+st.stage, []byte("bad")); err != nil {
				t.Errorf("publishing its DLQ: %v", err)
			}
			in, err := c.js.Stream(ctx, st.in)
			if err != nil {
				t.Fatalf("stream info on its input: %v", err)
			}
			// pkg/stage reads back inputs the server gave up on (it hears of
			// them through the max-deliveries advisory) to dead-letter them.
			if _, err := in.GetMsg(ctx, 1); err != nil {
				t.Errorf("reading input message 1: %v", err)
			}
			c.allowedQueueSub(t, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+st.in+"."+st.stage, st.stage+"-advisories")

			// Discovery: nats micro ls / info / stats reach the service.
			svc, err := micro.AddService(c.nc, micro.Config{Name: st.stage, Version: "0.0.1"})
			if err != nil {
				t.Fatalf("registering with micro: %v", err)
			}
			defer svc.Stop()
			status := "newswire." + st.stage + ".status" // as pkg/stage.Register names it
			if err := svc.AddEndpoint("status", micro.HandlerFunc(func(r micro.Request) { _ = r.Respond([]byte("{}")) }), micro.WithEndpointSubject(status)); err != nil {
				t.Fatal(err)
			}
			if err := c.nc.Flush(); err != nil { // the server has its subscriptions
				t.Fatal(err)
			}
			for _, subj := range []string{"$SRV.PING." + st.stage, "$SRV.STATS." + st.stage, status} {
				if _, err := admin.nc.Request(subj, nil, 2*time.Second); err != nil {
					t.Errorf("request %s: %v", subj, err)
				}
			}

			switch st.bucket {
			case "":
			case story.AssignmentStream:
				useStories(ctx, t, c.js)
			default:
				useBucket(ctx, t, c.js, st.bucket)
			}

			// Outside its lane: other stages' subjects, consumers and acks,
			// and any change to the pipeline's streams.
			other := chain[(i+1)%len(chain)]
			c.denied(t,
				"news.raw.x", other.out, "news.dlq."+other.stage,
				"$JS.API.CONSUMER.MSG.NEXT."+other.in+"."+other.stage,
				"$JS.ACK."+other.in+"."+other.stage+".1.1.1.1.1",
				"$JS.API.STREAM.DELETE."+st.in, "$JS.API.STREAM.PURGE."+st.in,
				"$JS.API.CONSUMER.DELETE."+st.in+"."+st.stage,
				"$JS.API.STREAM.CREATE.NEWS_NEW")
			c.deniedSub(t, "news.>")
			c.deniedSub(t, "newswire."+other.stage+".status")
			switch other.bucket {
			case "":
			case story.AssignmentStream:
				c.denied(t, story.AssignmentSubject+".fr", "$JS.API.STREAM.CREATE."+story.AssignmentStream)
			default:
				c.denied(t, "$KV."+other.bucket+".k", "$JS.API.STREAM.CREATE.KV_"+other.bucket)
			}
		})
	}
}

// useStories shares a story assignment with the enricher's own code
// (pkg/story.Shared: creates the stream, follows it, publishes).
func useStories(ctx context.Context, t *testing.T, js jetstream.JetStream) {
	t.Helper()
	s, err := story.OpenShared(ctx, js, story.DefaultConfig(), story.SharedConfig{Window: 100})
	if err != nil {
		t.Fatalf("opening the story stream: %v", err)
	}
	defer s.Close()
	d := &proto.ParsedDispatch{ID: "perm-1", Language: "fr", Headline: "Essai", BodyText: "Un texte assez long pour une signature de test."}
	if _, _, err := s.Assign(ctx, d); err != nil {
		t.Fatalf("sharing a story assignment: %v", err)
	}
}

// useBucket opens a bucket with the stages' own code (pkg/story/versioned,
// which creates or updates it and switches it to discard-old), then creates,
// reads and updates a key.
func useBucket(ctx context.Context, t *testing.T, js jetstream.JetStream, bucket string) {
	t.Helper()
	cfg := tolls.Bucket() // the one bucket a stage keeps state in
	if bucket != cfg.Bucket {
		t.Fatalf("no stage keeps state in bucket %s", bucket)
	}
	cfg.MaxBytes = 1 << 20
	store, err := versioned.OpenJetStream(ctx, js, cfg)
	if err != nil {
		t.Fatalf("opening bucket %s: %v", bucket, err)
	}
	rev, err := store.Create(ctx, "k", []byte("v1"))
	if err != nil {
		t.Fatalf("kv create: %v", err)
	}
	if v, _, err := store.Get(ctx, "k"); err != nil || string(v) != "v1" {
		t.Fatalf("kv get: %q, %v", v, err)
	}
	if _, err := store.Update(ctx, "k", []byte("v2"), rev); err != nil {
		t.Fatalf("kv update: %v", err)
	}
}

// client is one NATS connection whose permission errors are collected.
type client struct {
	nc   *nats.Conn
	js   jetstream.JetStream
	errs chan error
}

func connect(t *testing.T, url, user, password string) *client {
	t.Helper()
	c := &client{errs: make(chan error, 64)}
	nc, err := nats.Connect(url, nats.UserInfo(user, password), nats.Name(user),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			select {
			case c.errs <- err:
			default:
			}
		}))
	if err != nil {
		t.Fatalf("connecting as %s: %v", user, err)
	}
	t.Cleanup(nc.Close)
	c.nc = nc
	if c.js, err = jetstream.New(nc); err != nil {
		t.Fatal(err)
	}
	return c
}

// denied publishes on each subject and expects the server to refuse it.
func (c *client) denied(t *testing.T, subjects ...string) {
	t.Helper()
	for _, s := range subjects {
		if err := c.nc.Publish(s, []byte("x")); err != nil {
			t.Fatalf("publish %s: %v", s, err)
		}
		c.expectViolation(t, "Publish", s)
	}
}

// deniedSub subscribes to a subject and expects the server to refuse it.
func (c *client) deniedSub(t *testing.T, subject string) {
	t.Helper()
	sub, err := c.nc.SubscribeSync(subject)
	if err != nil {
		t.Fatalf("subscribe %s: %v", subject, err)
	}
	defer sub.Unsubscribe()
	c.expectViolation(t, "Subscription", subject)
}

// allowedQueueSub subscribes and expects no refusal.
func (c *client) allowedQueueSub(t *testing.T, subject, queue string) {
	t.Helper()
	sub, err := c.nc.QueueSubscribeSync(subject, queue)
	if err != nil {
		t.Fatalf("subscribe %s: %v", subject, err)
	}
	defer sub.Unsubscribe()
	if err := c.nc.Flush(); err != nil {
		t.Fatalf("flush: %v", err)
	}
	// The server answers a refused SUB with -ERR before the flush's PONG; the
	// error handler runs on its own goroutine, so give it a moment.
	select {
	case err := <-c.errs:
		t.Errorf("subscribe %s: %v", subject, err)
	case <-time.After(100 * time.Millisecond):
	}
}

func (c *client) expectViolation(t *testing.T, op, subject string) {
	t.Helper()
	if err := c.nc.Flush(); err != nil {
		t.Fatalf("flush: %v", err)
	}
	want := strings.ToLower(fmt.Sprintf("permissions violation for %s to %q", op, subject))
	deadline := time.After(2 * time.Second)
	for {
		select {
		case err := <-c.errs:
			if errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(strings.ToLower(err.Error()), want) {
				return
			}
		case <-deadline:
			t.Errorf("%s to %q was allowed", op, subject)
			return
		}
	}
}
