package wire

import (
	"os"
	"reflect"
	"sync"
	"testing"
)

// TestConcurrentParse runs Parse from many goroutines, as the parser
// service's workers do, and checks every result equals a sequential parse
// (run with -race to check the shared tables).
func TestConcurrentParse(t *testing.T) {
	var inputs [][]byte
	var want []any
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
		want = append(want, mustParse(t, data, Options{}))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range inputs {
				k := (i + g) % len(inputs)
				d, err := Parse(inputs[k], Options{})
				if err != nil || !reflect.DeepEqual(any(d), want[k]) {
					errs <- "input " + itoa(k) + " differs under concurrency"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
