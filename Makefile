# The two commands a fresh machine with Go needs: `make run` and `make test`.
GO ?= go
BIN := bin/ad

# SIMD kernels (interp/array/vecmath) use Go's simd/archsimd, which exists
# only under this experiment; without it the portable twins run, and `make
# test` checks those too.
export GOEXPERIMENT ?= simd

.PHONY: build run test bench fmt lint install

build:
	$(GO) build -o $(BIN) ./cmd/ad

run: build
	./$(BIN)

# test checks formatting and vet, then runs every test, golden transcript,
# example script and fuzz seed corpus; then the engine and its kernels
# again on their portable path (no SIMD experiment, no assembly: the
# property tests must pass on both), and the GEMM's split, the
# element-wise kernels' split and the compiler's fused kernels over
# goroutines under the race detector, and
# the REPL's script reader and interrupts, which run goroutines too.
test: lint
	$(GO) test ./...
	GOEXPERIMENT= $(GO) test -tags purego ./interp/...
	$(GO) test -race -run 'Split|Batched|Check' ./interp/array/gemm
	$(GO) test -race -short -run 'TestParallelKernels' ./interp/array
	$(GO) test -race -run 'TestJitLarge|TestJitInterrupt' ./interp
	$(GO) test -race -run 'TestReadScript|TestInterrupt|TestRunPromptsAndInterrupt' ./repl

# bench runs every benchmark, then the accuracy tests of the vector math
# over 1e7 arguments per function and range.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
	$(GO) test -run 'Accuracy' -v -timeout 2h ./interp/array/vecmath -ulp.n=10000000

fmt:
	gofmt -w .

lint:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

install:
	$(GO) install ./cmd/ad
