//go:build !linux

package main

import "syscall"

// childAttr: without Pdeathsig, the harness's deferred killAll is the only guard.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }
