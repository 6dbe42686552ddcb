/*
 * stubs.c: what the fuzz targets cut off from the server.
 *
 * The targets link the chapter's real .c files for everything they test
 * (request.c, buffer.c, client.c, command.c, the cmd_*.c, db.c, dict.c...).
 * What they leave out, and replace here:
 *
 *   server.c     it has main() (libFuzzer brings its own) and owns the
 *                `server` global: defined here instead, all zero
 *   eventloop.c  no sockets and no poller: a client's fd is -1, and
 *   poller_*.c   watching it is a no-op that remembers nothing (client.c
 *   net.c        then queues every client on its pending-writes list,
 *                which nothing flushes: the targets read c->out directly)
 *   log.c        logging prints nothing (the messages are still formatted,
 *                into a scratch buffer, so a bad format argument is still
 *                caught by the sanitizers), and fatal() aborts instead of
 *                calling exit(1): an out-of-memory or any other fatal error
 *                is a finding, and abort() is what libFuzzer reports
 *
 * And one setting for AddressSanitizer, below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "eventloop.h"
#include "log.h"
#include "server.h"

struct server server;

enum log_level log_min_level = LOG_NOTICE;

void log_at(enum log_level level, const char *fmt, ...) {
    (void)level;
    char scratch[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(scratch, sizeof(scratch), fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz: the server called fatal(): ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

int loop_watch(struct event_loop *loop, int fd, int mask, fd_handler *handler, void *data) {
    (void)loop;
    (void)fd;
    (void)mask;
    (void)handler;
    (void)data;
    return 0;
}

void loop_unwatch(struct event_loop *loop, int fd, int mask) {
    (void)loop;
    (void)fd;
    (void)mask;
}

int loop_watched(struct event_loop *loop, int fd) {
    (void)loop;
    (void)fd;
    return LOOP_NONE;
}

const char *loop_poller_name(void) {
    return "fuzz";
}

/* ASan keeps freed memory aside (its "quarantine", 256 MB by default) so a
 * use after free is caught; until it fills, every allocation is fresh
 * memory that the kernel must zero, and the fuzzers ran at a tenth of their
 * speed. One input allocates kilobytes, so 32 MB still holds everything any
 * input frees. ASAN_OPTIONS in the environment overrides this. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "quarantine_size_mb=32";
}
