package deploy

import (
	"testing"
	"time"
)

// FuzzDecodeValidate feeds arbitrary YAML to Decode and whatever decodes to
// Validate: bad manifests must give errors, never a panic.
func FuzzDecodeValidate(f *testing.F) {
	for _, dir := range []string{"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"} {
		out, err := Render(dir)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(out)
	}
	f.Add([]byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n"))
	f.Add([]byte("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {name: x}\n  triggers: [{type: nats-jetstream}]\n"))
	f.Add([]byte("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {minAvailable: 1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := Decode(data)
		if err != nil {
			return
		}
		Validate(objs, Options{AckWait: time.Minute, RequireImageTags: true})
	})
}
