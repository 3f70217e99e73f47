package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunEval(t *testing.T) {
	dir := t.TempDir()
	gold := strings.Join([]string{
		`{"id":"1","lang":"en","text":"Police arrested 30 farmers.","figures":[{"kind":"arrested","low":30,"high":30,"span":"30 farmers"}]}`,
		`{"id":"2","lang":"en","text":"No one was hurt.","figures":[]}`,
		`{"id":"3","lang":"fr","text":"Deux policiers ont été blessés.","figures":[{"kind":"injured","low":2,"high":2,"span":"deux policiers"},{"kind":"killed","low":1,"high":1,"span":"un mort"}]}`,
	}, "\n")
	name := filepath.Join(dir, "t.gold.jsonl")
	if err := os.WriteFile(name, []byte(gold), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := runEval(context.Background(), []string{"-v", name}, nil, &out, &errOut); err != nil {
		t.Fatalf("runEval: %v (%s)", err, errOut.String())
	}
	s := out.String()
	for _, want := range []string{"strict", "relaxed", "  en ", "  fr ", "missed killed 1/1", "negatives: 1 texts, 0 with a false positive"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestRunEvalErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := runEval(context.Background(), nil, nil, &out, &errOut); err == nil {
		t.Error("want a usage error without files")
	}
	if err := runEval(context.Background(), []string{filepath.Join(t.TempDir(), "missing.jsonl")}, nil, &out, &errOut); err == nil {
		t.Error("want an error for a missing file")
	}
}
