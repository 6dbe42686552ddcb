# Fuzzing, for the top Makefile:  include fuzz/make-targets.mk
#
#   make fuzz [FUZZ_SECONDS=60]   fuzz every target for FUZZ_SECONDS each (see fuzz/README.md)
#   make fuzz-regress             replay the corpus and the regressions once, no fuzzing (CI)

FUZZ_DIR     := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
FUZZ_SECONDS ?= 60

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) $(FUZZ_DIR)/run

fuzz-regress:
	@$(FUZZ_DIR)/run --regress

# .PHONY matters: without it, make would see the fuzz/ directory and call
# the target `fuzz` up to date.
.PHONY: fuzz fuzz-regress
