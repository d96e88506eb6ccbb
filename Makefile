# The two commands of the README: `make demo` and `make test`. Both install missing Debian
# build dependencies first (apt-get, with sudo when not root).

DEPS := cmake ninja-build g++ make libcli11-dev libfmt-dev nlohmann-json3-dev catch2 \
        libssl-dev zlib1g-dev tzdata clang-format python3 python3-jsonschema
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps build demo test asan format format-check clean

all: build

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release

demo: build
	./build/release/app/dceff report --site samples/site.json samples/telemetry-long.csv

test: deps
	cmake --workflow --preset ci

asan: deps
	cmake --workflow --preset asan

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build

# `make bench`: the performance benchmark of issue 3 (bench/README.md), not part of `make test`.
# Installs its own dependencies (Debian packages, npm packages in bench/), builds the release
# binary and runs bench/run_bench.py. Environment: BENCH_DAYS (default 365), BENCH_REPS (default 5).
BENCH_DEPS := python3-pandas time

.PHONY: bench
bench: deps
	@missing=$$(for p in $(BENCH_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	cd bench && npm install --no-audit --no-fund
	cmake --preset release && cmake --build --preset release
	python3 bench/run_bench.py

# `make fuzz-smoke`: the libFuzzer targets of fuzz/ over their seed corpora plus a few seconds
# each (about a minute after the build; CI runs it). `make fuzz`: each target FUZZ_SECONDS long
# (default 600), two at a time, niced. Both install clang-14 and its libFuzzer runtime first.
FUZZ_DEPS := clang-14 libclang-rt-14-dev
FUZZ_SECONDS ?= 600

.PHONY: fuzz-deps fuzz-build fuzz-smoke fuzz
fuzz-deps: deps
	@missing=$$(for p in $(FUZZ_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

fuzz-build: fuzz-deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

fuzz-smoke: fuzz-build
	fuzz/run.sh smoke

fuzz: fuzz-build
	fuzz/run.sh long $(FUZZ_SECONDS)

# `make bench-whatif`: the what-if engine benchmark (bench/whatif_bench.cpp, issue 5) on a
# Release build: one 8760-h year of samples/model.json and a 1000-point sweep on 2 threads.
.PHONY: bench-whatif
bench-whatif: deps
	cmake --preset release >/dev/null && cmake --build --preset release --target dceff_whatif_bench
	./build/release/app/dceff_whatif_bench samples/model.json samples/weather/USA_CO_Aurora-Buckley.Field.ANGB.724695_TMY3.epw 2

# `make tsan`: the full suite (the multi-threaded reader and the parallel sweep among it) under
# ThreadSanitizer, built with clang-14 (GCC 12 stopped on a false -Wrestrict warning under
# -fsanitize=thread). Not in .ci/run, which keeps ASan+UBSan: a third instrumented build.
.PHONY: tsan
tsan: fuzz-deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan
	ctest --test-dir build/tsan -j2 --output-on-failure
