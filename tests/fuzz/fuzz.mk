# SPDX-License-Identifier: BSD-2-Clause
# libFuzzer harnesses of the pure code (tests/fuzz/), included by the top
# Makefile, which defines BUILD, WARN and HOST_TESTED_SRC.
#   $(BUILD)/fuzz/<name>   clang -fsanitize=fuzzer,address,undefined
#   make fuzz-smoke        each harness $(FUZZ_SMOKE_TIME) s from a fresh copy of
#                          its corpus (PASS:/FAIL: lines; fails on any crash)
#   make -j2 -k fuzz-long  each harness $(FUZZ_EXECS) executions, two at a time,
#                          growing $(BUILD)/fuzz/long/<name>/corpus between runs
# Crash inputs go to $(BUILD)/fuzz/{smoke,long}/<name>/artifacts/ (logs beside);
# reproducers of real bugs are kept in tests/fuzz/crashes/<name>/ and
# replayed before every run. tests/fuzz/make-corpus.py regenerates the seeds.

BUILD ?= build
FUZZ_DIR := tests/fuzz
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_NAMES := fuzz_payload fuzz_filedir fuzz_memmap fuzz_plan fuzz_kernel_file fuzz_mb2 \
	fuzz_biostables fuzz_config
FUZZ_BINS := $(addprefix $(FUZZ_OUT)/,$(FUZZ_NAMES))
# The sanitizers and libFuzzer need clang's runtime; do not follow CC.
FUZZ_CC := clang
FUZZ_EXTRA_CFLAGS ?=
FUZZ_CFLAGS := $(WARN) -std=gnu11 -g -O1 -I. -fno-strict-aliasing \
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all $(FUZZ_EXTRA_CFLAGS)
FUZZ_DEPS := $(HOST_TESTED_SRC) $(wildcard loader/*.h) $(wildcard fwcfg/*.h) \
	$(FUZZ_DIR)/fuzz_common.h $(FUZZ_DIR)/fuzz.mk $(wildcard Makefile)

FUZZ_SMOKE_TIME ?= 15
FUZZ_EXECS ?= 10000000
FUZZ_OPTS := -rss_limit_mb=2048 -timeout=30
# Raw payloads need more than a page before their metadata.
FUZZ_OPTS_fuzz_payload := -max_len=12288
FUZZ_OPTS_fuzz_filedir := -max_len=2048
FUZZ_OPTS_fuzz_memmap := -max_len=4096
FUZZ_OPTS_fuzz_plan := -max_len=2048
FUZZ_OPTS_fuzz_kernel_file := -max_len=4096
# Room for section tables; Multiboot 2 headers in the first 16 KiB.
FUZZ_OPTS_fuzz_mb2 := -max_len=16384
# Room for a MADT of 255 processors and the tables that lead to it.
FUZZ_OPTS_fuzz_biostables := -max_len=8192
# Files of a few lines hold every construct; the words the parser knows.
FUZZ_OPTS_fuzz_config := -max_len=4096 -dict=$(FUZZ_DIR)/fuzz_config.dict

.PHONY: fuzz fuzz-smoke fuzz-long $(addprefix fuzz-long-,$(FUZZ_NAMES))

fuzz: $(FUZZ_BINS)

$(FUZZ_BINS): $(FUZZ_OUT)/%: $(FUZZ_DIR)/%.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(HOST_TESTED_SRC) -o $@

# Every harness runs, one line each; the target fails if any did.
fuzz-smoke: $(FUZZ_BINS)
	@rc=0; \
	$(foreach n,$(FUZZ_NAMES),bash $(FUZZ_DIR)/run-fuzz.sh smoke $(FUZZ_OUT)/$(n) \
		$(n) $(FUZZ_OUT)/smoke/$(n) $(FUZZ_OPTS) $(FUZZ_OPTS_$(n)) \
		-max_total_time=$(FUZZ_SMOKE_TIME) || rc=1;) \
	exit $$rc

fuzz-long: $(addprefix fuzz-long-,$(FUZZ_NAMES))

$(addprefix fuzz-long-,$(FUZZ_NAMES)): fuzz-long-%: $(FUZZ_OUT)/%
	@bash $(FUZZ_DIR)/run-fuzz.sh long $< $* $(FUZZ_OUT)/long/$* \
		$(FUZZ_OPTS) $(FUZZ_OPTS_$*) -runs=$(FUZZ_EXECS)
