//go:build ignore

// gen_profiles extracts the trigram profiles of github.com/abadojack/whatlanggo
// (MIT licence, Copyright (c) 2017 Abado Jack Mtulla, 2014 Titus Wormer, 2008
// Kent S Johnson; profiles derived from the Universal Declaration of Human
// Rights) into profiles.txt, which langid embeds to score text against all
// languages at once through an inverted index instead of language by language.
//
// Run from this directory: go generate (or go run gen_profiles.go).
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// profileVars are whatlanggo's per-script profile lists.
var profileVars = map[string]string{
	"latinLangs": "latin", "cyrillicLangs": "cyrillic", "arabicLangs": "arabic",
	"devanagariLangs": "devanagari", "ethiopicLangs": "ethiopic", "hebrewLangs": "hebrew",
}

func main() {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/abadojack/whatlanggo").Output()
	if err != nil {
		log.Fatalf("locating whatlanggo: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "lang.go"), nil, 0)
	if err != nil {
		log.Fatalf("parsing lang.go: %v", err)
	}
	var lines []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			script, ok := profileVars[vs.Names[0].Name]
			if !ok {
				continue
			}
			lit := vs.Values[0].(*ast.CompositeLit)
			for _, elt := range lit.Elts {
				kv := elt.(*ast.KeyValueExpr)
				code := strings.ToLower(kv.Key.(*ast.Ident).Name)
				var tris []string
				for _, s := range kv.Value.(*ast.CompositeLit).Elts {
					v, err := strconv.Unquote(s.(*ast.BasicLit).Value)
					if err != nil {
						log.Fatal(err)
					}
					if strings.ContainsAny(v, "|\t\n") {
						log.Fatalf("trigram %q holds a separator", v)
					}
					tris = append(tris, v)
				}
				lines = append(lines, script+"\t"+code+"\t"+strings.Join(tris, "|"))
			}
		}
	}
	if len(lines) == 0 {
		log.Fatal("no profiles found")
	}
	sort.Strings(lines)
	w, err := os.Create("profiles.txt")
	if err != nil {
		log.Fatal(err)
	}
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d profiles", len(lines))
}
