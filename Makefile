# The two entry points (see README): `make demo` and `make test`.
# Each runs scripts/setup when something is missing, builds, then does its job.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
# ccache hits across clones (CI builds a fresh clone): hash paths relative to here.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all setup build test demo bench docs clean

all: build

setup:
	@bash scripts/setup --check 2>/dev/null || bash scripts/setup

build: setup
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/link_python

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@$(BUILD)/smrt demo --out report

# Regenerates docs/parameters.md from the parameter tables.
docs: build
	@$(BUILD)/smrt list --markdown > docs/parameters.md.tmp && mv docs/parameters.md.tmp docs/parameters.md

clean:
	rm -rf $(BUILD)
