package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one child process the harness can kill -9, stop and restart with
// the same command line; its output is appended to one log file across restarts.
type proc struct {
	name string
	path string
	args []string
	env  []string
	log  string

	mu      sync.Mutex
	cmd     *exec.Cmd
	done    chan struct{} // closed when the current incarnation has exited
	waitErr error         // the current incarnation's exit status, once done
}

// procs tracks every child so that all of them are killed on exit, whatever
// path the harness leaves by: no listener may outlive a run.
type procs struct {
	mu  sync.Mutex
	all []*proc
}

func (ps *procs) add(p *proc) *proc {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.all = append(ps.all, p)
	return p
}

// killAll SIGKILLs every running child and waits for each to be reaped.
func (ps *procs) killAll() {
	ps.mu.Lock()
	all := append([]*proc(nil), ps.all...)
	ps.mu.Unlock()
	for _, p := range all {
		p.kill()
	}
}

// start launches a new incarnation; it fails if one is still running.
func (p *proc) start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done != nil {
		select {
		case <-p.done:
		default:
			return fmt.Errorf("starting %s: already running", p.name)
		}
	}
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("opening log of %s: %w", p.name, err)
	}
	fmt.Fprintf(f, "\n=== faults: starting %s at %s\n", p.name, time.Now().UTC().Format(time.RFC3339Nano))
	cmd := exec.Command(p.path, p.args...)
	cmd.Env = p.env
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("starting %s: %w", p.name, err)
	}
	done := make(chan struct{})
	go func() {
		err := cmd.Wait()
		f.Close()
		p.mu.Lock()
		p.waitErr = err
		p.mu.Unlock()
		close(done)
	}()
	p.cmd, p.done = cmd, done
	return nil
}

// running reports whether the current incarnation is alive.
func (p *proc) running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// signal sends sig to the current incarnation and waits up to wait for it to exit.
func (p *proc) signal(sig syscall.Signal, wait time.Duration) error {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	default:
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("%s did not exit %s after %v", p.name, sig, wait)
	}
}

// kill is kill -9, waiting until the process is reaped.
func (p *proc) kill() {
	if err := p.signal(syscall.SIGKILL, 10*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
	}
}

// stop asks for a clean shutdown (SIGTERM: the stage drains its in-flight
// work) and falls back to SIGKILL.
func (p *proc) stop() {
	if err := p.signal(syscall.SIGTERM, 20*time.Second); err != nil {
		p.kill()
	}
}

// wait waits for the current incarnation to exit and returns its exit status.
func (p *proc) wait(ctx context.Context) error {
	select {
	case <-p.exited():
	case <-ctx.Done():
		p.kill()
		return fmt.Errorf("waiting for %s: %w", p.name, ctx.Err())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waitErr != nil {
		return fmt.Errorf("%s: %w (see %s)", p.name, p.waitErr, p.log)
	}
	return nil
}

// exited returns the channel closed when the current incarnation exits.
func (p *proc) exited() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

// freePorts reserves n distinct loopback ports by listening on them all at
// once, then releases them for the children to take. Another process could
// grab one in between; startup then fails loudly rather than misbehaving.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var lns []net.Listener
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("reserving a loopback port: %w", err)
		}
		lns = append(lns, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitListening polls a loopback port until it accepts connections, the
// process exits, or ctx ends.
func waitListening(ctx context.Context, p *proc, port int) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	exited := p.exited()
	for {
		c, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not listening on %s: %w", p.name, addr, ctx.Err())
		case <-exited:
			return fmt.Errorf("%s exited before listening on %s (see %s)", p.name, addr, p.log)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// childEnv is the harness's environment without anything that would point a
// child at another NATS server or an external telemetry collector, plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "NATS_") || strings.HasPrefix(k, "OTEL_") ||
			k == "HTTP_ADDR" || k == "WORKERS" || k == "STREAM_REPLICAS" || k == "PROVISION" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// binary returns the path of a built binary in dir, checking it exists.
func binary(dir, name string) (string, error) {
	p := filepath.Join(dir, name)
	st, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("binary %s: %w (build it with scripts/test-faults.sh)", name, err)
	}
	if st.IsDir() || st.Mode()&0o111 == 0 {
		return "", errors.New("binary " + p + " is not executable")
	}
	return p, nil
}
