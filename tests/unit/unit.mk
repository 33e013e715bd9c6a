# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests of the pure code (tests/unit/), included by the top Makefile,
# which defines BUILD, WARN and HOST_TESTED_SRC.
#   $(BUILD)/unit/unit-tests       -O1 -g
#   $(BUILD)/unit/unit-tests-asan  AddressSanitizer + UndefinedBehaviorSanitizer
#   $(BUILD)/unit/unit-tests-m32   -m32: the ia32 app's word sizes (UINTN,
#                                  long and pointers of 32 bits), run under
#                                  qemu-i386 (qemu-user): hosts whose kernel
#                                  runs no 32-bit programs run it too
#   make test-unit                 runs all three (PASS:/FAIL: lines, one per test)
#   make test-unit-valgrind        the plain build under valgrind

BUILD ?= build
UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/unit
# The sanitizers need gcc's runtime; do not follow a cross CC.
UNIT_CC := gcc
UNIT_SRC := $(wildcard $(UNIT_DIR)/*.c)
UNIT_DEPS := $(UNIT_SRC) $(HOST_TESTED_SRC) $(wildcard $(UNIT_DIR)/*.h) \
	$(wildcard loader/*.h) $(wildcard fwcfg/*.h) $(UNIT_DIR)/unit.mk
# -I. : "loader/payload.h" from the tests; <multiboot/multiboot.h> is the system's.
UNIT_CFLAGS := $(WARN) -std=gnu11 -g -I. -fno-strict-aliasing
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

.PHONY: test-unit test-unit-valgrind

$(UNIT_OUT)/unit-tests: $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(UNIT_CC) $(UNIT_CFLAGS) -O1 '-DUNIT_PREFIX="unit/"' \
		$(UNIT_SRC) $(HOST_TESTED_SRC) -o $@

$(UNIT_OUT)/unit-tests-asan: $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(UNIT_CC) $(UNIT_CFLAGS) -O1 $(UNIT_SAN) '-DUNIT_PREFIX="unit/asan/"' \
		$(UNIT_SRC) $(HOST_TESTED_SRC) -o $@

$(UNIT_OUT)/unit-tests-m32: $(UNIT_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(UNIT_CC) $(UNIT_CFLAGS) -m32 -O1 '-DUNIT_PREFIX="unit/m32/"' \
		$(UNIT_SRC) $(HOST_TESTED_SRC) -o $@

# Every run always happens; the target fails if any had a failure.
# No LeakSanitizer: the loader code never allocates, the harness fails any
# test that leaves a test allocation unfreed (check.c), and LSan would cost
# about 0.1 s per forked test; test-unit-valgrind still checks for leaks.
test-unit: $(UNIT_OUT)/unit-tests $(UNIT_OUT)/unit-tests-asan $(UNIT_OUT)/unit-tests-m32
	@rc=0; \
	$(UNIT_OUT)/unit-tests || rc=1; \
	qemu-i386 $(UNIT_OUT)/unit-tests-m32 || rc=1; \
	ASAN_OPTIONS=detect_leaks=0 \
	UBSAN_OPTIONS=print_stacktrace=1 \
		$(UNIT_OUT)/unit-tests-asan || rc=1; \
	exit $$rc

test-unit-valgrind: $(UNIT_OUT)/unit-tests
	@valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		$(UNIT_OUT)/unit-tests
