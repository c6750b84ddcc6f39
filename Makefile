# Pyro: the two commands a newcomer needs are `make run` and `make test`.
# Every target installs what it is missing first (Debian packages via apt, npm packages via npm ci).
BIN := node_modules/.bin
SHELL := /bin/bash
APT_PACKAGES := redis-server protobuf-compiler libprotobuf-dev protobuf-compiler-grpc python3-grpcio python3-protobuf grpc-proto prometheus chromium rabbitmq-server
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test sysdeps deps gen python-gen lint breaking typecheck build test-only bench bench-quick chaos clean

## run: start standalone Pyro on 127.0.0.1:50051 (with two emulated Lavalink servers if none is configured)
##      e.g. make run GRPC_PORT=50052 ARGS="--lavalink main=http://127.0.0.1:2333,youshallnotpass --user-id 1234"
GRPC_HOST ?= 127.0.0.1
GRPC_PORT ?= 50051
run: gen
	node bin/pyro.js standalone --grpc-host $(GRPC_HOST) --grpc-port $(GRPC_PORT) $(ARGS)

## test: lint, typecheck and run every jest project; prints "N passed, N failed"
test: gen lint typecheck test-only

sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: sysdeps node_modules/.package-lock.json

gen/descriptor.binpb: deps $(shell find proto -name '*.proto') buf.gen.yaml
	$(BIN)/buf generate
	$(BIN)/buf build --as-file-descriptor-set -o gen/descriptor.binpb
	mkdir -p gen/py-refl
	protoc -I /usr/share/grpc-proto/grpc/reflection/v1 --python_out=gen/py-refl --grpc_out=gen/py-refl \
	  --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin reflection.proto

# Python stubs of the same protos (Debian protoc + grpc_python_plugin), never committed.
PYRO_PROTOS := $(shell find proto/pyro -name '*.proto' | sort)
clients/python/gen/.stamp: $(PYRO_PROTOS) | sysdeps
	rm -rf clients/python/gen && mkdir -p clients/python/gen
	protoc -I proto -I /usr/include --python_out=clients/python/gen --grpc_out=clients/python/gen \
	  --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin $(PYRO_PROTOS)
	@touch $@

python-gen: clients/python/gen/.stamp

gen: gen/descriptor.binpb python-gen

lint: deps
	$(BIN)/buf lint
	$(BIN)/buf format -d --exit-code --path proto/pyro

breaking: deps
	$(BIN)/buf breaking --against '.git#branch=main'

typecheck: gen
	$(BIN)/tsc --noEmit -p .

## build: compiled JavaScript in dist/ (bin/pyro.js prefers it); same as npm run build
build: gen
	node scripts/build.js

test-only: gen
	@rm -f .results/jest.json; mkdir -p .results
	$(BIN)/jest --ci --forceExit --json --outputFile=.results/jest.json; status=$$?; \
	  node test/support/summarize.js .results/jest.json; exit $$status

bench: gen
	node -r @swc-node/register bench/main.ts

bench-quick: gen
	node -r @swc-node/register bench/main.ts --quick

## chaos: seeded fault injection with invariant checks (SEED=n to change the seed, ARGS= for --duration-s, --players)
chaos: gen
	node -r @swc-node/register bench/chaos.ts $(if $(SEED),--seed $(SEED)) $(ARGS)

clean:
	rm -rf gen dist .results clients/python/gen
