package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with continuation lines joined.
type instruction struct {
	cmd  string // upper case
	args string
}

func readDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if s, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{strings.ToUpper(cmd), strings.Join(strings.Fields(args), " ")})
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// workspaceModules lists the directories go.work uses.
func workspaceModules(t *testing.T, root string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	inUse := false
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "use ("):
			inUse = true
		case inUse && line == ")":
			inUse = false
		case inUse && line != "":
			dirs = append(dirs, strings.TrimPrefix(line, "./"))
		case strings.HasPrefix(line, "use "):
			dirs = append(dirs, strings.TrimPrefix(strings.TrimPrefix(line, "use "), "./"))
		}
	}
	return dirs
}

var buildCmd = regexp.MustCompile(`CGO_ENABLED=0 go build .*-trimpath .*-o (\S+) (\S+)$`)

// TestDockerfiles checks what can be checked without a Docker engine: a
// static build of the right package in a golang:1.26 stage, a non-root final
// stage on an empty base running that binary, and COPY sources that exist
// and cover every module of the workspace (the build uses go.work).
func TestDockerfiles(t *testing.T) {
	root := ".."
	modules := workspaceModules(t, root)
	for _, name := range []string{"ingest", "parser", "enricher", "casualties", "newswire"} {
		t.Run(name, func(t *testing.T) {
			ins := readDockerfile(t, filepath.Join(root, "services", name, "Dockerfile"))
			var stages []string // FROM lines
			var finalUser, entrypoint string
			var copied []string
			built, copiedBinary := false, false
			for _, in := range ins {
				final := len(stages) > 1
				switch in.cmd {
				case "FROM":
					stages = append(stages, in.args)
				case "COPY":
					fields := strings.Fields(in.args)
					if strings.HasPrefix(fields[0], "--from=") {
						if final && slices.Equal(fields[1:], []string{"/out/" + name, "/" + name}) {
							copiedBinary = true
						}
						continue
					}
					for _, src := range fields[:len(fields)-1] {
						matches, _ := filepath.Glob(filepath.Join(root, src))
						if len(matches) == 0 && !strings.ContainsAny(src, "[*?") {
							t.Errorf("COPY %s: no such file in the repository", src)
						}
						copied = append(copied, strings.TrimSuffix(src, "/"))
					}
				case "RUN":
					if m := buildCmd.FindStringSubmatch(in.args); m != nil {
						built = true
						if m[1] != "/out/"+name || m[2] != "./services/"+name {
							t.Errorf("builds %s into %s, want ./services/%s into /out/%s", m[2], m[1], name, name)
						}
					}
				case "USER":
					if final {
						finalUser = in.args
					}
				case "ENTRYPOINT":
					entrypoint = in.args
				}
			}
			if len(stages) != 2 || !strings.HasPrefix(stages[0], "golang:1.26 ") || stages[1] != "scratch" {
				t.Errorf("stages %q, want a golang:1.26 build stage and a scratch final stage", stages)
			}
			if !built {
				t.Errorf("no static build (CGO_ENABLED=0 go build -trimpath -o /out/%s ./services/%s)", name, name)
			}
			if !copiedBinary {
				t.Errorf("final stage does not copy /out/%s to /%s", name, name)
			}
			if uid, _, _ := strings.Cut(finalUser, ":"); uid == "" || uid == "0" || uid == "root" {
				t.Errorf("final stage runs as %q, want a non-root numeric user", finalUser)
			}
			if entrypoint != `["/`+name+`"]` {
				t.Errorf("ENTRYPOINT %s, want [\"/%s\"]", entrypoint, name)
			}
			for _, m := range modules {
				if !slices.ContainsFunc(copied, func(c string) bool {
					return c == "." || c == m || strings.HasPrefix(m, c+"/") || c == m+"/go.mod"
				}) {
					t.Errorf("go.work uses ./%s but the Dockerfile does not copy it (or its go.mod)", m)
				}
			}
		})
	}
}
