# tools/skeleton/make-targets.mk: the exercise-skeleton targets. The top Makefile
# includes it (include tools/skeleton/make-targets.mk); see tools/skeleton/README.md.
#
#   make skeleton CHAPTER=N DEST=dir [FORCE=1]
#                     write chapter N as an exercise into dir: chapter N's code with
#                     its lesson functions replaced by TODOs (FORCE=1 replaces dir)
#   make skeleton-check [CHAPTERS="4 5"] [FULL=1] [EACH=1]
#                     what CI checks: every skeleton builds (gcc and clang), still
#                     passes the stage before, and fails its own stage

# Wherever this file is included, it must not become the default goal.
skeleton_saved_goal := $(.DEFAULT_GOAL)
SKELETON_TOOLS := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

skeleton:
ifeq ($(filter command line environment,$(origin CHAPTER)),)
	@echo "Say which chapter and where: make skeleton CHAPTER=N DEST=dir"; exit 2
else
	@test -n "$(DEST)" || { echo "Say where: make skeleton CHAPTER=$(CHAPTER) DEST=dir"; exit 2; }
	@python3 $(SKELETON_TOOLS)/make-skeleton --chapter "$(CHAPTER)" --dest "$(DEST)" \
		$(if $(filter 1,$(FORCE)),--force)
endif

skeleton-check:
	@python3 $(SKELETON_TOOLS)/check $(if $(CHAPTERS),--chapters "$(CHAPTERS)") \
		$(if $(filter 1,$(FULL)),--full) $(if $(filter 1,$(EACH)),--each)

.PHONY: skeleton skeleton-check
.DEFAULT_GOAL := $(skeleton_saved_goal)
