package deploy

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Options carries the facts about the services that the manifests must agree
// with but that no manifest states.
type Options struct {
	// AckWait is the consumers' AckWait: a Deployment's pods must be given
	// longer than this to stop, or a draining pod's in-flight messages are
	// redelivered to another pod while it may still ack them.
	AckWait time.Duration
	// RequireImageTags refuses images without a tag or tagged "latest"
	// (overlays pin tags; the base leaves them to the overlays).
	RequireImageTags bool
}

// GOMEMLIMIT must leave the GC room below the container's memory limit but not
// waste most of it.
const (
	minGoMemFraction = 0.70
	maxGoMemFraction = 0.95
)

// workload is a pod template with its owner.
type workload struct {
	obj      Object
	labels   map[string]string
	selector *metav1.LabelSelector
	spec     *corev1.PodSpec
	replicas *int32
	claims   []string // StatefulSet volumeClaimTemplates
	longRun  bool     // Deployment or StatefulSet: must be probed
}

type index struct {
	objs        []Object
	configMaps  map[string]*corev1.ConfigMap
	secretKeys  map[string]map[string]bool // Secrets and ExternalSecret targets
	services    map[string]*corev1.Service
	accounts    map[string]bool
	workloads   []workload
	deployments map[string]*appsv1.Deployment
}

// Validate checks the references between the objects of one rendered
// kustomization and the rules every Newswire workload follows. It returns
// every problem found, nil when there is none.
func Validate(objs []Object, opt Options) []error {
	v := &validator{opt: opt, ix: buildIndex(objs)}
	v.uniqueAndOneNamespace()
	for _, w := range v.ix.workloads {
		v.workload(w)
	}
	for _, o := range objs {
		switch t := o.Value.(type) {
		case *corev1.Service:
			v.service(o, t)
		case *policyv1.PodDisruptionBudget:
			v.pdb(o, t)
		case *networkingv1.NetworkPolicy:
			v.networkPolicy(o, t)
		}
	}
	v.autoscalers()
	return v.errs
}

type validator struct {
	opt  Options
	ix   *index
	errs []error
}

func (v *validator) errorf(o Object, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s", o.ID(), fmt.Sprintf(format, args...)))
}

func buildIndex(objs []Object) *index {
	ix := &index{
		objs:        objs,
		configMaps:  map[string]*corev1.ConfigMap{},
		secretKeys:  map[string]map[string]bool{},
		services:    map[string]*corev1.Service{},
		accounts:    map[string]bool{},
		deployments: map[string]*appsv1.Deployment{},
	}
	for _, o := range objs {
		switch t := o.Value.(type) {
		case *corev1.ConfigMap:
			ix.configMaps[o.Name] = t
		case *corev1.Secret:
			keys := map[string]bool{}
			for k := range t.Data {
				keys[k] = true
			}
			for k := range t.StringData {
				keys[k] = true
			}
			ix.secretKeys[o.Name] = keys
		case *ExternalSecret:
			keys := map[string]bool{}
			for _, d := range t.Spec.Data {
				keys[d.SecretKey] = true
			}
			name := t.Spec.Target.Name
			if name == "" { // the operator defaults the target to the ExternalSecret's name
				name = o.Name
			}
			ix.secretKeys[name] = keys
		case *corev1.Service:
			ix.services[o.Name] = t
		case *corev1.ServiceAccount:
			ix.accounts[o.Name] = true
		case *appsv1.Deployment:
			ix.deployments[o.Name] = t
			ix.workloads = append(ix.workloads, workload{obj: o, labels: t.Spec.Template.Labels,
				selector: t.Spec.Selector, spec: &t.Spec.Template.Spec, replicas: t.Spec.Replicas, longRun: true})
		case *appsv1.StatefulSet:
			var claims []string
			for _, c := range t.Spec.VolumeClaimTemplates {
				claims = append(claims, c.Name)
			}
			ix.workloads = append(ix.workloads, workload{obj: o, labels: t.Spec.Template.Labels,
				selector: t.Spec.Selector, spec: &t.Spec.Template.Spec, replicas: t.Spec.Replicas, claims: claims, longRun: true})
		case *batchv1.Job:
			ix.workloads = append(ix.workloads, workload{obj: o, labels: t.Spec.Template.Labels,
				selector: t.Spec.Selector, spec: &t.Spec.Template.Spec})
		}
	}
	return ix
}

func (v *validator) uniqueAndOneNamespace() {
	seen := map[string]bool{}
	namespaces := map[string]bool{}
	var declared []string
	for _, o := range v.ix.objs {
		if seen[o.ID()] {
			v.errorf(o, "defined twice")
		}
		seen[o.ID()] = true
		if o.Kind == "Namespace" {
			declared = append(declared, o.Name)
			continue
		}
		namespaces[o.Namespace] = true
	}
	if len(namespaces) > 1 {
		v.errs = append(v.errs, fmt.Errorf("objects spread over namespaces %v; the manifests assume one", keys(namespaces)))
	}
	for _, d := range declared {
		if !namespaces[d] {
			v.errs = append(v.errs, fmt.Errorf("Namespace %s is declared but the objects are in %v", d, keys(namespaces)))
		}
	}
}

// selects reports whether a label selector matches a set of labels; an empty
// or invalid selector matches nothing here (an empty one would match every
// pod, never what a manifest means).
func selects(sel *metav1.LabelSelector, lbls map[string]string) bool {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return false
	}
	return s.Matches(labels.Set(lbls))
}

// podsSelectedBy returns the workloads whose pods the selector matches.
func (v *validator) podsSelectedBy(sel *metav1.LabelSelector) []workload {
	var ws []workload
	for _, w := range v.ix.workloads {
		if selects(sel, w.labels) {
			ws = append(ws, w)
		}
	}
	return ws
}

func (v *validator) workload(w workload) {
	o := w.obj
	if _, isJob := o.Value.(*batchv1.Job); !isJob && !selects(w.selector, w.labels) {
		v.errorf(o, "selector %v does not match its pod template labels %v", w.selector, w.labels)
	}
	spec := w.spec
	if sa := spec.ServiceAccountName; sa != "" && sa != "default" && !v.ix.accounts[sa] {
		v.errorf(o, "serviceAccountName %q: no such ServiceAccount", sa)
	}
	if _, isDeploy := o.Value.(*appsv1.Deployment); isDeploy && v.opt.AckWait > 0 {
		grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
		if spec.TerminationGracePeriodSeconds != nil {
			grace = *spec.TerminationGracePeriodSeconds
		}
		if time.Duration(grace)*time.Second <= v.opt.AckWait {
			v.errorf(o, "terminationGracePeriodSeconds %d is not above the consumers' AckWait %s", grace, v.opt.AckWait)
		}
	}
	volumes := map[string]bool{}
	for _, c := range w.claims {
		volumes[c] = true
	}
	for _, vol := range spec.Volumes {
		volumes[vol.Name] = true
		v.volume(o, vol)
	}
	all := append(slices.Clone(spec.InitContainers), spec.Containers...)
	if len(spec.Containers) == 0 {
		v.errorf(o, "no containers")
	}
	for _, c := range all {
		v.container(o, w, spec, c, volumes)
	}
}

func (v *validator) volume(o Object, vol corev1.Volume) {
	switch {
	case vol.ConfigMap != nil:
		cm, ok := v.ix.configMaps[vol.ConfigMap.Name]
		if !ok {
			if vol.ConfigMap.Optional == nil || !*vol.ConfigMap.Optional {
				v.errorf(o, "volume %q: no ConfigMap %q", vol.Name, vol.ConfigMap.Name)
			}
			return
		}
		for _, it := range vol.ConfigMap.Items {
			if _, ok := cm.Data[it.Key]; !ok {
				v.errorf(o, "volume %q: ConfigMap %q has no key %q", vol.Name, vol.ConfigMap.Name, it.Key)
			}
		}
	case vol.Secret != nil:
		ks, ok := v.ix.secretKeys[vol.Secret.SecretName]
		if !ok {
			if vol.Secret.Optional == nil || !*vol.Secret.Optional {
				v.errorf(o, "volume %q: no Secret %q", vol.Name, vol.Secret.SecretName)
			}
			return
		}
		for _, it := range vol.Secret.Items {
			if !ks[it.Key] {
				v.errorf(o, "volume %q: Secret %q has no key %q", vol.Name, vol.Secret.SecretName, it.Key)
			}
		}
	}
}

var varRef = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

func (v *validator) container(o Object, w workload, pod *corev1.PodSpec, c corev1.Container, volumes map[string]bool) {
	where := fmt.Sprintf("container %q", c.Name)
	if c.Image == "" {
		v.errorf(o, "%s: no image", where)
	} else if v.opt.RequireImageTags {
		if tag := imageTag(c.Image); tag == "" || tag == "latest" {
			v.errorf(o, "%s: image %q is not pinned to a tag", where, c.Image)
		}
	}

	// Environment: every reference resolves, and $(VAR) in command/args names
	// a variable the container defines (Kubernetes leaves unknown ones as is).
	env := map[string]string{}
	for _, ef := range c.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			cm, ok := v.ix.configMaps[ef.ConfigMapRef.Name]
			if !ok {
				v.errorf(o, "%s: envFrom: no ConfigMap %q", where, ef.ConfigMapRef.Name)
				continue
			}
			for k, val := range cm.Data {
				env[ef.Prefix+k] = val
			}
		case ef.SecretRef != nil:
			ks, ok := v.ix.secretKeys[ef.SecretRef.Name]
			if !ok {
				v.errorf(o, "%s: envFrom: no Secret %q", where, ef.SecretRef.Name)
				continue
			}
			for k := range ks {
				env[ef.Prefix+k] = ""
			}
		}
	}
	for _, e := range c.Env {
		env[e.Name] = e.Value
		if e.ValueFrom == nil {
			continue
		}
		if r := e.ValueFrom.ConfigMapKeyRef; r != nil {
			cm, ok := v.ix.configMaps[r.Name]
			switch {
			case !ok:
				v.errorf(o, "%s: env %s: no ConfigMap %q", where, e.Name, r.Name)
			case !hasKey(cm.Data, r.Key):
				v.errorf(o, "%s: env %s: ConfigMap %q has no key %q", where, e.Name, r.Name, r.Key)
			default:
				env[e.Name] = cm.Data[r.Key]
			}
		}
		if r := e.ValueFrom.SecretKeyRef; r != nil {
			ks, ok := v.ix.secretKeys[r.Name]
			switch {
			case !ok:
				v.errorf(o, "%s: env %s: no Secret %q", where, e.Name, r.Name)
			case !ks[r.Key]:
				v.errorf(o, "%s: env %s: Secret %q has no key %q", where, e.Name, r.Name, r.Key)
			}
		}
	}
	for _, s := range append(slices.Clone(c.Command), c.Args...) {
		for _, m := range varRef.FindAllStringSubmatch(s, -1) {
			if _, ok := env[m[1]]; !ok {
				v.errorf(o, "%s: $(%s) in command/args is not defined in its environment", where, m[1])
			}
		}
	}

	// Resources and GOMEMLIMIT.
	req, lim := c.Resources.Requests, c.Resources.Limits
	if _, ok := req[corev1.ResourceCPU]; !ok {
		v.errorf(o, "%s: no cpu request", where)
	}
	memReq, okReq := req[corev1.ResourceMemory]
	memLim, okLim := lim[corev1.ResourceMemory]
	if !okReq || !okLim {
		v.errorf(o, "%s: needs a memory request and a memory limit", where)
	} else if memReq.Cmp(memLim) > 0 {
		v.errorf(o, "%s: memory request %s above its limit %s", where, memReq.String(), memLim.String())
	}
	if gml, ok := env["GOMEMLIMIT"]; !ok {
		v.errorf(o, "%s: no GOMEMLIMIT", where)
	} else if n, err := parseGoMemLimit(gml); err != nil {
		v.errorf(o, "%s: GOMEMLIMIT: %v", where, err)
	} else if okLim {
		limit := float64(memLim.Value())
		if f := float64(n) / limit; f < minGoMemFraction || f > maxGoMemFraction {
			v.errorf(o, "%s: GOMEMLIMIT %s is %.0f%% of the memory limit %s, want %.0f%%-%.0f%%",
				where, gml, f*100, memLim.String(), minGoMemFraction*100, maxGoMemFraction*100)
		}
	}

	// Non-root, restricted Pod Security Standard.
	psc := pod.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	csc := c.SecurityContext
	if csc == nil {
		csc = &corev1.SecurityContext{}
	}
	nonRoot := firstBool(csc.RunAsNonRoot, psc.RunAsNonRoot)
	uid := firstInt(csc.RunAsUser, psc.RunAsUser)
	if !nonRoot || (uid != nil && *uid == 0) {
		v.errorf(o, "%s: must run as non-root (runAsNonRoot: true, runAsUser not 0)", where)
	}
	if csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
		v.errorf(o, "%s: allowPrivilegeEscalation must be false", where)
	}
	if csc.Privileged != nil && *csc.Privileged {
		v.errorf(o, "%s: privileged", where)
	}
	if csc.Capabilities == nil || !slices.Contains(csc.Capabilities.Drop, "ALL") || len(csc.Capabilities.Add) > 0 {
		v.errorf(o, "%s: must drop ALL capabilities and add none", where)
	}
	seccomp := csc.SeccompProfile
	if seccomp == nil {
		seccomp = psc.SeccompProfile
	}
	if seccomp == nil || (seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault && seccomp.Type != corev1.SeccompProfileTypeLocalhost) {
		v.errorf(o, "%s: needs a RuntimeDefault or Localhost seccomp profile", where)
	}

	// Probes and mounts.
	if w.longRun && !isInit(pod, c.Name) {
		if c.LivenessProbe == nil || c.ReadinessProbe == nil {
			v.errorf(o, "%s: needs liveness and readiness probes", where)
		}
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe, "startup": c.StartupProbe} {
		if p == nil {
			continue
		}
		var port *intstr.IntOrString
		switch {
		case p.HTTPGet != nil:
			port = &p.HTTPGet.Port
		case p.TCPSocket != nil:
			port = &p.TCPSocket.Port
		case p.GRPC != nil:
			port = ptrTo(intstr.FromInt32(p.GRPC.Port))
		}
		if port != nil && !containerHasPort(c, *port) {
			v.errorf(o, "%s: %s probe port %s is not a declared container port", where, name, port.String())
		}
	}
	for _, m := range c.VolumeMounts {
		if !volumes[m.Name] {
			v.errorf(o, "%s: volumeMount %q: no such volume", where, m.Name)
		}
	}
}

func (v *validator) service(o Object, s *corev1.Service) {
	if s.Spec.Type == corev1.ServiceTypeExternalName {
		return
	}
	sel := &metav1.LabelSelector{MatchLabels: s.Spec.Selector}
	ws := v.podsSelectedBy(sel)
	if len(ws) == 0 {
		v.errorf(o, "selector %v matches no pod template", s.Spec.Selector)
		return
	}
	for _, p := range s.Spec.Ports {
		target := p.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(p.Port) // unset targetPort means port
		}
		for _, w := range ws {
			if !podHasPort(w.spec, target) {
				v.errorf(o, "port %q: targetPort %s is not a container port of %s", p.Name, target.String(), w.obj.ID())
			}
		}
	}
	for _, w := range ws {
		if ss, ok := w.obj.Value.(*appsv1.StatefulSet); ok && ss.Spec.ServiceName == o.Name && s.Spec.ClusterIP != corev1.ClusterIPNone {
			v.errorf(o, "governs %s but is not headless (clusterIP: None)", w.obj.ID())
		}
	}
}

func (v *validator) pdb(o Object, p *policyv1.PodDisruptionBudget) {
	ws := v.podsSelectedBy(p.Spec.Selector)
	if len(ws) != 1 {
		v.errorf(o, "selector matches %d pod templates, want exactly 1", len(ws))
		return
	}
	if (p.Spec.MinAvailable == nil) == (p.Spec.MaxUnavailable == nil) {
		v.errorf(o, "set exactly one of minAvailable and maxUnavailable")
	}
	if p.Spec.MaxUnavailable != nil && p.Spec.MaxUnavailable.Type == intstr.Int && p.Spec.MaxUnavailable.IntVal < 1 {
		v.errorf(o, "maxUnavailable %d blocks every voluntary disruption (node drains)", p.Spec.MaxUnavailable.IntVal)
	}
	if m := p.Spec.MinAvailable; m != nil && m.Type == intstr.Int {
		if r := v.minReplicas(ws[0]); r <= m.IntVal {
			v.errorf(o, "minAvailable %d with as few as %d replicas blocks node drains", m.IntVal, r)
		}
	}
}

// minReplicas is the fewest pods a workload may run: its autoscaler's minimum
// if it has one, else its replicas.
func (v *validator) minReplicas(w workload) int32 {
	for _, o := range v.ix.objs {
		switch t := o.Value.(type) {
		case *ScaledObject:
			if t.Spec.ScaleTargetRef.Name == w.obj.Name && w.obj.Kind == "Deployment" {
				if t.Spec.MinReplicaCount != nil {
					return *t.Spec.MinReplicaCount
				}
				return 0
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			if t.Spec.ScaleTargetRef.Name == w.obj.Name && t.Spec.ScaleTargetRef.Kind == w.obj.Kind {
				if t.Spec.MinReplicas != nil {
					return *t.Spec.MinReplicas
				}
				return 1
			}
		}
	}
	if w.replicas != nil {
		return *w.replicas
	}
	return 1
}

func (v *validator) networkPolicy(o Object, np *networkingv1.NetworkPolicy) {
	// spec.podSelector {} selects every pod on purpose (default deny).
	sel := np.Spec.PodSelector
	var targets []workload
	if len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0 {
		targets = v.ix.workloads
	} else if targets = v.podsSelectedBy(&sel); len(targets) == 0 {
		v.errorf(o, "podSelector matches no pod template")
	}
	peers := func(dir string, ps []networkingv1.NetworkPolicyPeer) []workload {
		var ws []workload
		for _, p := range ps {
			if p.PodSelector == nil || p.NamespaceSelector != nil || p.IPBlock != nil {
				continue // other namespaces or addresses: nothing to check here
			}
			got := v.podsSelectedBy(p.PodSelector)
			if len(got) == 0 {
				v.errorf(o, "%s peer podSelector matches no pod template", dir)
			}
			ws = append(ws, got...)
		}
		return ws
	}
	for _, r := range np.Spec.Ingress {
		peers("ingress", r.From)
		for _, p := range r.Ports {
			if p.Port == nil {
				continue
			}
			for _, w := range targets {
				if !podHasPort(w.spec, *p.Port) {
					v.errorf(o, "ingress port %s is not a container port of %s", p.Port.String(), w.obj.ID())
				}
			}
		}
	}
	for _, r := range np.Spec.Egress {
		dst := peers("egress", r.To)
		for _, p := range r.Ports {
			if p.Port == nil {
				continue
			}
			for _, w := range dst {
				if !podHasPort(w.spec, *p.Port) {
					v.errorf(o, "egress port %s is not a container port of %s", p.Port.String(), w.obj.ID())
				}
			}
		}
	}
}

// natsTriggerKeys are the metadata keys of KEDA's nats-jetstream trigger.
var natsTriggerKeys = map[string]bool{
	"natsServerMonitoringEndpoint": true, "account": true, "accountID": true, "stream": true,
	"consumer": true, "lagThreshold": true, "activationLagThreshold": true, "useHttps": true,
}

func (v *validator) autoscalers() {
	scaled := map[string]string{} // Deployment name → autoscaler ID
	claim := func(o Object, kind, name string) {
		if kind != "" && kind != "Deployment" {
			v.errorf(o, "scales a %s; only Deployments are autoscaled here", kind)
			return
		}
		d, ok := v.ix.deployments[name]
		if !ok {
			v.errorf(o, "scale target Deployment %q does not exist", name)
			return
		}
		if prev, dup := scaled[name]; dup {
			v.errorf(o, "Deployment %q is already scaled by %s", name, prev)
		}
		scaled[name] = o.ID()
		if d.Spec.Replicas != nil {
			v.errorf(o, "Deployment %q sets spec.replicas, which every apply would reset under the autoscaler", name)
		}
	}
	for _, o := range v.ix.objs {
		switch t := o.Value.(type) {
		case *ScaledObject:
			claim(o, t.Spec.ScaleTargetRef.Kind, t.Spec.ScaleTargetRef.Name)
			minR, maxR := int32(0), int32(100) // KEDA's defaults
			if t.Spec.MinReplicaCount != nil {
				minR = *t.Spec.MinReplicaCount
			}
			if t.Spec.MaxReplicaCount != nil {
				maxR = *t.Spec.MaxReplicaCount
			}
			if minR > maxR {
				v.errorf(o, "minReplicaCount %d above maxReplicaCount %d", minR, maxR)
			}
			if len(t.Spec.Triggers) == 0 {
				v.errorf(o, "no triggers")
			}
			for _, tr := range t.Spec.Triggers {
				if tr.Type == "nats-jetstream" {
					v.natsTrigger(o, tr)
				}
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			claim(o, t.Spec.ScaleTargetRef.Kind, t.Spec.ScaleTargetRef.Name)
			if t.Spec.MinReplicas != nil && *t.Spec.MinReplicas > t.Spec.MaxReplicas {
				v.errorf(o, "minReplicas %d above maxReplicas %d", *t.Spec.MinReplicas, t.Spec.MaxReplicas)
			}
		}
	}
}

// natsTrigger checks a nats-jetstream trigger against the NATS objects: the
// endpoint must be <headless Service>.<namespace>.svc.cluster.local:<its
// monitor port>, the Service governing a NATS StatefulSet, because KEDA runs
// in another namespace and, in a cluster, prefixes the host with the
// consumer leader's server name to reach it.
func (v *validator) natsTrigger(o Object, tr ScaleTrigger) {
	for k := range tr.Metadata {
		if !natsTriggerKeys[k] {
			v.errorf(o, "nats-jetstream trigger: unknown metadata key %q", k)
		}
	}
	for _, k := range []string{"natsServerMonitoringEndpoint", "account", "stream", "consumer", "lagThreshold"} {
		if tr.Metadata[k] == "" {
			v.errorf(o, "nats-jetstream trigger: %s is required", k)
		}
	}
	for _, k := range []string{"lagThreshold", "activationLagThreshold"} {
		if s, ok := tr.Metadata[k]; ok {
			if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < 0 {
				v.errorf(o, "nats-jetstream trigger: %s %q is not a non-negative integer", k, s)
			}
		}
	}
	ep := tr.Metadata["natsServerMonitoringEndpoint"]
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		v.errorf(o, "natsServerMonitoringEndpoint %q: %v", ep, err)
		return
	}
	svcName, ns, ok := strings.Cut(host, ".")
	if !ok || ns != o.Namespace+".svc.cluster.local" {
		v.errorf(o, "natsServerMonitoringEndpoint host %q is not <service>.%s.svc.cluster.local", host, o.Namespace)
		return
	}
	svc, ok := v.ix.services[svcName]
	if !ok {
		v.errorf(o, "natsServerMonitoringEndpoint: no Service %q", svcName)
		return
	}
	if !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return strconv.Itoa(int(p.Port)) == port }) {
		v.errorf(o, "natsServerMonitoringEndpoint: Service %q has no port %s", svcName, port)
	}
	governs := false
	for _, w := range v.podsSelectedBy(&metav1.LabelSelector{MatchLabels: svc.Spec.Selector}) {
		if ss, ok := w.obj.Value.(*appsv1.StatefulSet); ok && ss.Spec.ServiceName == svcName {
			governs = true
		}
	}
	if !governs || svc.Spec.ClusterIP != corev1.ClusterIPNone {
		v.errorf(o, "natsServerMonitoringEndpoint: Service %q must be the headless Service of the NATS StatefulSet, so per-server names resolve", svcName)
	}
}

// parseGoMemLimit reads a GOMEMLIMIT value as the Go runtime does: an
// integer with an optional B, KiB, MiB, GiB or TiB suffix.
func parseGoMemLimit(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	num := s
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("want a positive integer with an optional B, KiB, MiB, GiB or TiB suffix, got " + strconv.Quote(s))
	}
	return n * mult, nil
}

// imageTag returns the tag of an image reference ("" when it has none or is
// pinned by digest only).
func imageTag(image string) string {
	ref, _, _ := strings.Cut(image, "@")
	slash := strings.LastIndex(ref, "/")
	if colon := strings.LastIndex(ref, ":"); colon > slash {
		return ref[colon+1:]
	}
	return ""
}

func containerHasPort(c corev1.Container, p intstr.IntOrString) bool {
	for _, cp := range c.Ports {
		if (p.Type == intstr.String && cp.Name == p.StrVal) || (p.Type == intstr.Int && cp.ContainerPort == p.IntVal) {
			return true
		}
	}
	return false
}

func podHasPort(spec *corev1.PodSpec, p intstr.IntOrString) bool {
	return slices.ContainsFunc(spec.Containers, func(c corev1.Container) bool { return containerHasPort(c, p) })
}

func isInit(pod *corev1.PodSpec, name string) bool {
	return slices.ContainsFunc(pod.InitContainers, func(c corev1.Container) bool { return c.Name == name })
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func firstBool(ps ...*bool) bool {
	for _, p := range ps {
		if p != nil {
			return *p
		}
	}
	return false
}

func firstInt(ps ...*int64) *int64 {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

func ptrTo[T any](v T) *T { return &v }

func keys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
