# memhp — make is a thin front over meson + ninja.
#   make demo    install what is missing, build, run the main job on the default machine
#   make check   build and run every test; ends with "N passed, N failed"
#   make golden  replay the oracle's scenarios against their goldens
#   make bench   print benchmark figures (never asserted)
BUILD    ?= build
SHARED   ?= $(abspath ../shared)
MESON    ?= meson
PKGS      = meson ninja-build pkg-config gcc libfuse3-dev fuse3 libsmartcols-dev \
            libjson-c-dev libcmocka-dev busybox-static
export SHARED

.PHONY: all deps build demo check check-asan golden unit bench clean
all: build

deps:
	@missing=$$(for p in $(PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:" $$missing; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing Debian packages (run as root to install): $$missing" >&2; exit 1; \
		fi; \
	fi

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) --buildtype=debugoptimized >/dev/null

# --quiet drops ninja's progress lines but lets the compiler's warnings and errors through.
build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD) --quiet

demo: build
	@$(BUILD)/memhp demo

golden: build
	@tests/golden.sh $(BUILD)/memhp $(SHARED)/oracle/scenarios $(SHARED)/oracle/golden
	@tests/golden.sh $(BUILD)/memhp $(SHARED)/oracle/cxl/scenarios $(SHARED)/oracle/cxl/golden

check: build
	@tests/check.sh $(BUILD)

# Sanitizer reports go to files (SANLOG), whichever harness started the process: golden replays
# compare only stdout and UBSan keeps the exit status, so a report on stderr could pass
# unseen. Any report fails check-asan, after the suite's own verdict.
SANLOG = $(CURDIR)/build-asan/sanitizer-reports
check-asan: deps
	@[ -f build-asan/build.ninja ] || $(MESON) setup build-asan -Db_sanitize=address,undefined >/dev/null
	@ninja -C build-asan --quiet
	@rm -rf $(SANLOG) && mkdir -m 1777 $(SANLOG)
	@ASAN_OPTIONS=log_path=$(SANLOG)/asan UBSAN_OPTIONS=log_path=$(SANLOG)/ubsan:print_stacktrace=1 \
		tests/check.sh build-asan; rc=$$?; \
	if [ -n "$$(ls -A $(SANLOG))" ]; then \
		cat $(SANLOG)/*; echo "sanitizer reports (above): $$(ls $(SANLOG) | wc -l)"; \
		exit 1; \
	fi; exit $$rc

bench: build
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan
