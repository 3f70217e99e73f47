// Package deploy holds Newswire's Kubernetes manifests (k8s/: a kustomize base
// and the dev and prod overlays) and the code that checks them without a
// cluster: Render builds a kustomization exactly as `kubectl apply -k` would,
// Decode reads every object strictly into its Kubernetes API type, and
// Validate checks the references between objects that the API server does
// not (selectors, ports, ConfigMap and Secret keys, autoscaler targets,
// probes, grace periods, non-root containers, resources, GOMEMLIMIT).
package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Render builds the kustomization in dir (a base or an overlay) with the
// kustomize library kubectl embeds, and returns the resulting YAML stream.
func Render(dir string) ([]byte, error) {
	opts := krusty.MakeDefaultOptions()
	k := krusty.MakeKustomizer(opts)
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("building kustomization %s: %w", dir, err)
	}
	out, err := m.AsYaml()
	if err != nil {
		return nil, fmt.Errorf("serialising kustomization %s: %w", dir, err)
	}
	return out, nil
}

// maxDocBytes bounds one YAML document; manifests are small, and a runaway
// document is a mistake rather than something to decode.
const maxDocBytes = 1 << 20

// splitDocuments returns the non-empty documents of a YAML stream.
func splitDocuments(stream []byte) ([][]byte, error) {
	r := utilyaml.NewYAMLReader(bufioReader(stream))
	var docs [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("splitting YAML documents: %w", err)
		}
		if len(doc) > maxDocBytes {
			return nil, fmt.Errorf("YAML document %d is %d bytes, above %d", len(docs)+1, len(doc), maxDocBytes)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		docs = append(docs, doc)
	}
}

// stripComments drops full-line comments, so a document holding only
// comments counts as empty.
func stripComments(doc []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(doc, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || bytes.Equal(t, []byte("---")) {
			continue
		}
		out = append(out, line...)
		out = append(out, '\n')
	}
	return out
}
