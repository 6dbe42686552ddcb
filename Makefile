# littleredis: build a Redis-compatible server in C, one layer per chapter.
#
#   make                         build every chapter
#   make run [CHAPTER=N] [PORT=6379]
#                                build and run a chapter's server (default: the newest)
#   make test [SANITIZE=1]       build every chapter and run all its stage tests
#   make test VALGRIND=1         chapters 1 and 5 under valgrind: no memory errors, no leaks
#   make check STAGE=N [SERVER='cmd --port {port}'] [ONLY=1] [KEEP_GOING=1]
#                                grade a server (default: chapter N's) against stages up to N
#   make check LIST=1            list the stages and their tests
#   make diff FROM=1 TO=2        what one chapter adds to another
#   make exercise NAME=04-setnx [SERVER='cmd --port {port}']
#                                check your solution to one of the docs' small changes
#   make skeleton CHAPTER=N DEST=dir
#                                a starting point for building chapter N yourself
#   make skeleton-check          every chapter's skeleton builds and fails its own stage
#   make fuzz [FUZZ_SECONDS=60]  fuzz the parser and the command layer (clang, libFuzzer)
#   make bench [CHAPTER=N] [ROUNDS=3] [QUICK=1]
#                                a chapter (default: the newest) side by side with
#                                redis-server: throughput, latency, CPU, memory, expiry
#   make clean

CHAPTER_DIRS := $(shell ls -d chapter[0-9]*-*/ 2>/dev/null | sort -V | sed 's:/$$::')
LATEST       := $(lastword $(CHAPTER_DIRS))
chapter_dir   = $(firstword $(filter chapter$(1)-%,$(CHAPTER_DIRS)))

CHAPTER ?= $(patsubst chapter%,%,$(firstword $(subst -, ,$(LATEST))))
PORT    ?= 6379
RUN_DIR := $(call chapter_dir,$(CHAPTER))

all:
	@for d in $(CHAPTER_DIRS); do $(MAKE) -s -C $$d || exit 1; done

run:
	@test -n "$(RUN_DIR)" || { echo "No chapter $(CHAPTER). Chapters: $(CHAPTER_DIRS)"; exit 2; }
	@$(MAKE) -s -C $(RUN_DIR)
	./$(RUN_DIR)/littleredis --port $(PORT)

test:
	@tests/test-all

STAGE ?=
check:
ifeq ($(LIST),1)
	@tests/run --list
else
	@test -n "$(STAGE)" || { echo "Say which stage: make check STAGE=N [SERVER='your-server --port {port}']"; exit 2; }
ifeq ($(SERVER),)
	@test -n "$(call chapter_dir,$(STAGE))" || { echo "No chapter $(STAGE) to grade; pass SERVER='...'"; exit 2; }
	@$(MAKE) -s -C $(call chapter_dir,$(STAGE))
	@tests/run --stage $(STAGE) $(if $(filter 1,$(ONLY)),--only) $(if $(filter 1,$(KEEP_GOING)),--keep-going) \
		--server "$(CURDIR)/$(call chapter_dir,$(STAGE))/littleredis --port {port}"
else
	@tests/run --stage $(STAGE) $(if $(filter 1,$(ONLY)),--only) $(if $(filter 1,$(KEEP_GOING)),--keep-going) \
		--server "$(SERVER)"
endif
endif

diff:
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "Usage: make diff FROM=1 TO=2"; exit 2; }
	@diff -ru -x littleredis -x build $(call chapter_dir,$(FROM)) $(call chapter_dir,$(TO)); true

bench:
	@tests/require-tools make cc python3 redis-server redis-benchmark redis-cli gnuplot
	@python3 bench/bench.py $(foreach n,$(CHAPTER),--chapter $(n)) --rounds $(or $(ROUNDS),3) \
		$(if $(filter 1,$(QUICK)),--quick)

# The exercise's chapter is the number its name starts with (04-setnx: 4).
EXERCISE_CHAPTER = $(patsubst 0%,%,$(firstword $(subst -, ,$(NAME))))
exercise:
	@test -n "$(NAME)" || { echo "Say which: make exercise NAME=..."; tests/exercises/run --list; exit 2; }
ifeq ($(SERVER),)
	@$(MAKE) -s -C $(call chapter_dir,$(EXERCISE_CHAPTER))
	@tests/exercises/run $(NAME) --server "$(CURDIR)/$(call chapter_dir,$(EXERCISE_CHAPTER))/littleredis --port {port}"
else
	@tests/exercises/run $(NAME) --server "$(SERVER)"
endif

include tools/skeleton/make-targets.mk
include fuzz/make-targets.mk

clean:
	@for d in $(CHAPTER_DIRS); do $(MAKE) -s -C $$d clean; done

.PHONY: all run test check diff bench exercise clean
