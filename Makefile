# The two entry points (see README): `make demo` and `make test`.
# Each runs scripts/setup when something is missing, builds, then does its job.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
# ccache hits across clones (CI builds a fresh clone): hash paths relative to here.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all setup configure build test demo bench docs clean fuzz sanitize

all: build

setup:
	@bash scripts/setup --check 2>/dev/null || bash scripts/setup

configure: setup
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

# Everything: the libraries, the CLI, the Python extension, the tests.
build: configure
	@cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/link_python

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The demo needs the CLI only (smrt and smrt-torch, which it hands over to):
# not the tests, the Python extension nor the shared library (docs/results.md).
demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target smrt
	@$(BUILD)/smrt demo --out report

# Regenerates docs/parameters.md from the parameter tables.
docs: build
	@$(BUILD)/smrt list --markdown > docs/parameters.md.tmp && mv docs/parameters.md.tmp docs/parameters.md

# libFuzzer targets (clang, ASan + UBSan, build-fuzz/), each for FUZZ_SECONDS;
# fails on a crash. See docs/testing.md.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) bash scripts/fuzz

# The whole test suite on an ASan + UBSan build (build-sanitize/; -O1, as the
# sanitizers advise: it halves the compile time); see docs/testing.md for what
# is left out and why.
SANITIZE_BUILD ?= build-sanitize
# e.g. SANITIZE_CMAKE_FLAGS=-DSMRT_WITH_TORCH=OFF SANITIZE_BUILD=build-sanitize-classical:
# the layers without LibTorch only (a fraction of the build time).
SANITIZE_CMAKE_FLAGS ?=
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0:strict_init_order=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
sanitize: setup
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
	  -DSMRT_SANITIZE=address,undefined -DSMRT_BUILD_PYTHON=OFF $(SANITIZE_CMAKE_FLAGS) >/dev/null
	@$(SANITIZE_ENV) cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	@cd $(SANITIZE_BUILD) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
