# The two commands a fresh machine with Go needs: `make run` and `make test`.
GO ?= go
BIN := bin/ad

.PHONY: build run test bench fmt lint install

build:
	$(GO) build -o $(BIN) ./cmd/ad

run: build
	./$(BIN)

# test checks formatting and vet, then runs every test, golden transcript,
# example script and fuzz seed corpus.
test: lint
	$(GO) test ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

fmt:
	gofmt -w .

lint:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

install:
	$(GO) install ./cmd/ad
