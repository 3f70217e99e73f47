package deploy

import (
	"bufio"
	"bytes"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// Object is one decoded manifest.
type Object struct {
	APIVersion string
	Kind       string
	Name       string
	Namespace  string
	// Value is a pointer to the typed object: *appsv1.Deployment,
	// *ScaledObject, ...
	Value any
}

// ID names the object in messages: Kind/namespace/name.
func (o Object) ID() string {
	if o.Namespace == "" {
		return o.Kind + "/" + o.Name
	}
	return o.Kind + "/" + o.Namespace + "/" + o.Name
}

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
}

// newTyped returns an empty value of the Go type the API server would decode
// apiVersion/kind into; objects of any other kind are refused, so a typo in
// apiVersion or kind is an error here instead of at apply time.
func newTyped(apiVersion, kind string) (any, bool) {
	switch apiVersion + " " + kind {
	case "v1 Namespace":
		return &corev1.Namespace{}, true
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1 Secret":
		return &corev1.Secret{}, true
	case "v1 Service":
		return &corev1.Service{}, true
	case "v1 ServiceAccount":
		return &corev1.ServiceAccount{}, true
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}, true
	case "apps/v1 StatefulSet":
		return &appsv1.StatefulSet{}, true
	case "batch/v1 Job":
		return &batchv1.Job{}, true
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "networking.k8s.io/v1 NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	case "autoscaling/v2 HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "keda.sh/v1alpha1 ScaledObject":
		return &ScaledObject{}, true
	case "external-secrets.io/v1 ExternalSecret":
		return &ExternalSecret{}, true
	}
	return nil, false
}

// Decode splits a YAML stream and decodes every document strictly: unknown
// or duplicate fields and wrongly typed values are errors.
func Decode(stream []byte) ([]Object, error) {
	docs, err := splitDocuments(stream)
	if err != nil {
		return nil, err
	}
	objs := make([]Object, 0, len(docs))
	for i, doc := range docs {
		var tm typeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return nil, fmt.Errorf("document %d: reading apiVersion and kind: %w", i+1, err)
		}
		v, ok := newTyped(tm.APIVersion, tm.Kind)
		if !ok {
			return nil, fmt.Errorf("document %d (%s %q): unsupported apiVersion/kind %s/%s", i+1, tm.Kind, tm.Metadata.Name, tm.APIVersion, tm.Kind)
		}
		if err := yaml.UnmarshalStrict(doc, v); err != nil {
			return nil, fmt.Errorf("document %d (%s %q): %w", i+1, tm.Kind, tm.Metadata.Name, err)
		}
		if tm.Metadata.Name == "" {
			return nil, fmt.Errorf("document %d (%s): no metadata.name", i+1, tm.Kind)
		}
		objs = append(objs, Object{
			APIVersion: tm.APIVersion,
			Kind:       tm.Kind,
			Name:       tm.Metadata.Name,
			Namespace:  tm.Metadata.Namespace,
			Value:      v,
		})
	}
	return objs, nil
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
