package deploy

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The custom resources below are decoded into local structs holding only the
// fields the manifests use, so a misspelt or unsupported field is an error.
// Field names follow KEDA's keda.sh/v1alpha1 and the External Secrets
// Operator's external-secrets.io/v1 schemas.

// ScaledObject is KEDA's keda.sh/v1alpha1 ScaledObject.
type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ScaledObjectSpec `json:"spec"`
}

// ScaledObjectSpec is the part of the KEDA spec the manifests set.
type ScaledObjectSpec struct {
	ScaleTargetRef  ScaleTarget     `json:"scaleTargetRef"`
	PollingInterval *int32          `json:"pollingInterval,omitempty"`
	CooldownPeriod  *int32          `json:"cooldownPeriod,omitempty"`
	MinReplicaCount *int32          `json:"minReplicaCount,omitempty"`
	MaxReplicaCount *int32          `json:"maxReplicaCount,omitempty"`
	Advanced        *AdvancedConfig `json:"advanced,omitempty"`
	Triggers        []ScaleTrigger  `json:"triggers"`
}

// ScaleTarget names the workload KEDA scales.
type ScaleTarget struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Name       string `json:"name"`
}

// AdvancedConfig passes settings through to the HPA KEDA creates.
type AdvancedConfig struct {
	HorizontalPodAutoscalerConfig *HPAConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
}

// HPAConfig is KEDA's horizontalPodAutoscalerConfig.
type HPAConfig struct {
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

// ScaleTrigger is one KEDA trigger; metadata keys depend on its type.
type ScaleTrigger struct {
	Type     string            `json:"type"`
	Metadata map[string]string `json:"metadata"`
}

// ExternalSecret is the External Secrets Operator's external-secrets.io/v1
// ExternalSecret: it makes a Secret named Spec.Target.Name with one key per
// Spec.Data entry.
type ExternalSecret struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ExternalSecretSpec `json:"spec"`
}

// ExternalSecretSpec is the part of the ESO spec the manifests set.
type ExternalSecretSpec struct {
	RefreshInterval string              `json:"refreshInterval,omitempty"`
	SecretStoreRef  SecretStoreRef      `json:"secretStoreRef"`
	Target          ExternalTarget      `json:"target"`
	Data            []ExternalSecretKey `json:"data"`
}

// SecretStoreRef names the (Cluster)SecretStore to read from.
type SecretStoreRef struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// ExternalTarget is the Secret the operator writes.
type ExternalTarget struct {
	Name           string `json:"name"`
	CreationPolicy string `json:"creationPolicy,omitempty"`
}

// ExternalSecretKey maps one key of the target Secret to a remote value.
type ExternalSecretKey struct {
	SecretKey string    `json:"secretKey"`
	RemoteRef RemoteRef `json:"remoteRef"`
}

// RemoteRef locates a value in the secret store.
type RemoteRef struct {
	Key      string `json:"key"`
	Property string `json:"property,omitempty"`
}
