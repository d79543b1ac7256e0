package main

import (
	"os/exec"
	"testing"
)

// BenchmarkStartup measures a whole run of `ad -e '1.0 + 2.0'`: process
// start, initialisation, parsing, evaluation, printing and exit. Its
// baseline is BenchmarkStartupTrue, the cost of starting any process here.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		if out, err := exec.Command(adBin, "-e", "1.0 + 2.0").Output(); err != nil || string(out) != "3.0\n" {
			b.Fatalf("ad -e: %q, %v", out, err)
		}
	}
}

// BenchmarkStartupTrue is the baseline for BenchmarkStartup: starting and
// waiting for /bin/true.
func BenchmarkStartupTrue(b *testing.B) {
	path, err := exec.LookPath("true")
	if err != nil {
		b.Skip("no true command")
	}
	for b.Loop() {
		if err := exec.Command(path).Run(); err != nil {
			b.Fatal(err)
		}
	}
}
