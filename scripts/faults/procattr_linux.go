package main

import "syscall"

// childAttr makes the kernel SIGKILL a child when the harness dies, so even
// a kill -9 of the harness leaves no server or stage listening behind.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
