/*
 * fuzz_request.c: the incremental request parser (request.c), fed arbitrary
 * bytes in arbitrary pieces.
 *
 * The input is a byte stream, exactly what a client could send on one
 * connection: multibulk requests, inline requests, garbage, in any mix.
 * The target parses it the way client.c does (append what one read()
 * brought, then request_parse() / request_done() / buffer_consume() until
 * INCOMPLETE or ERROR), several times over:
 *
 *   1. the whole stream in one piece;
 *   2. split at points chosen by a generator seeded with a hash of the
 *      stream (two different seeds): mostly tiny pieces, some large ones;
 *   3. one byte at a time (streams of up to 512 bytes);
 *   4. in two pieces, split at every position in turn (up to 64 bytes).
 *
 * and checks:
 *
 *   - nothing crashes or touches memory it should not (ASan, UBSan);
 *   - every run yields the same requests (argc, every argument's bytes, how
 *     many bytes each request used), then the same final status: the same
 *     error text, or INCOMPLETE with the same bytes left over. TCP may cut
 *     a stream anywhere, and the server must not care where;
 *   - a READY request used at least one byte and no more than were there,
 *     and its arguments lie inside those bytes (multibulk: argv points into
 *     the input buffer) or inside the parser's own copy (inline words);
 *   - asking again after INCOMPLETE, with no new bytes, answers INCOMPLETE
 *     again (the parser resumes, it does not move on).
 *
 * Streams are cut at 64 KB. Beyond that the server's answer legitimately
 * depends on the pieces, as Redis's does: a 70 KB inline line that arrives
 * whole is one request, but if its first 65 KB arrive alone, that is "too
 * big inline request". Up to 64 KB, no limit can trigger.
 */
#include <string.h>

#include "buffer.h"
#include "client.h"
#include "config.h"
#include "fuzz.h"
#include "request.h"

#define MAX_STREAM (64 * 1024)

/* One run's results, serialised into a buffer so that two runs compare
 * with memcmp():
 *   'R' used argc (len bytes)*   a ready request
 *   'E' error-text '\0'          then the run stopped (protocol error)
 *   'I' bytes-left               then the run stopped (needs more bytes) */
static void put(struct buffer *log, const void *p, size_t n) {
    buffer_append(log, p, n);
}

static void put_size(struct buffer *log, size_t v) {
    uint64_t v64 = v;
    put(log, &v64, sizeof(v64));
}

static void record_ready(struct client *c, struct buffer *log) {
    struct request_parser *p = &c->parser;
    size_t used = p->pos;
    size_t have = buffer_len(&c->in);
    FUZZ_CHECK(used > 0 && used <= have,
               "a ready request claims %zu bytes, with %zu in the buffer", used, have);
    FUZZ_CHECK(c->argc >= 0 && (c->argc == 0 || c->argc <= p->cap),
               "argc %d with room for %d arguments", c->argc, p->cap);
    const char *in = buffer_begin(&c->in);
    put(log, "R", 1);
    put_size(log, used);
    put_size(log, (size_t)c->argc);
    for (int i = 0; i < c->argc; i++) {
        const struct arg *a = &c->argv[i];
        int in_request = a->ptr >= in && a->ptr + a->len <= in + used;
        /* Inline words are copies, in a buffer as long as the line. */
        int in_words = p->inline_args && a->ptr >= p->inline_args &&
                       a->ptr + a->len <= p->inline_args + used;
        FUZZ_CHECK(in_request || in_words,
                   "argument %d (%zu bytes) points outside both the request's bytes and "
                   "the inline words", i, a->len);
        put_size(log, a->len);
        put(log, a->ptr, a->len); /* ASan checks every byte of it */
    }
}

/* Feed data[0..size) in pieces ending at cuts[0], cuts[1]... (ascending),
 * then the rest; log what the parser makes of it. With `like_client`, each
 * piece is read as client_on_readable() reads: into room for a whole
 * CLIENT_READ_CHUNK (16 KB). Without, into room for just the piece, so the
 * buffer grows and moves more often (and a run costs less: with ASan, every
 * 16 KB buffer is fresh memory, which made the many-run modes slow). */
static void run(const uint8_t *data, size_t size, const size_t *cuts, size_t ncuts, int like_client,
                struct buffer *log) {
    struct client *c = fuzz_client_new();
    size_t fed = 0;
    int stopped = 0;
    for (size_t k = 0; k <= ncuts && !stopped; k++) {
        size_t end = k < ncuts ? cuts[k] : size;
        if (end <= fed) continue;
        /* As client_on_readable(): make room for a read, fill, commit. */
        size_t n = end - fed;
        char *space = buffer_reserve(&c->in, like_client && n < CLIENT_READ_CHUNK ? CLIENT_READ_CHUNK : n);
        memcpy(space, data + fed, n);
        buffer_commit(&c->in, n);
        fed = end;
        /* As process_input(), with the command left out. */
        for (;;) {
            enum request_status status = request_parse(c);
            if (status == REQUEST_INCOMPLETE) {
                FUZZ_CHECK(request_parse(c) == REQUEST_INCOMPLETE,
                           "parsing again with no new bytes did not stay INCOMPLETE");
                break;
            }
            if (status == REQUEST_ERROR) {
                FUZZ_CHECK(c->parser.error != NULL, "REQUEST_ERROR with no error text");
                put(log, "E", 1);
                put(log, c->parser.error, strlen(c->parser.error) + 1);
                stopped = 1;
                break;
            }
            FUZZ_CHECK(status == REQUEST_READY, "request_parse() returned %d", (int)status);
            record_ready(c, log);
            size_t used = request_done(c);
            buffer_consume(&c->in, used);
        }
    }
    if (!stopped) {
        put(log, "I", 1);
        put_size(log, buffer_len(&c->in));
    }
    fuzz_client_free(c);
}

/* Print a log for a human: which requests, then how it ended. */
static void describe(const char *title, const struct buffer *log) {
    const char *p = buffer_begin(log), *end = p + buffer_len(log);
    uint64_t v;
    int n = 0;
    fprintf(stderr, "  %s:\n", title);
    while (p < end) {
        char kind = *p++;
        if (kind == 'R') {
            uint64_t used, argc;
            memcpy(&used, p, 8);
            memcpy(&argc, p + 8, 8);
            p += 16;
            fprintf(stderr, "    request %d (%llu bytes):", n++, (unsigned long long)used);
            for (uint64_t i = 0; i < argc; i++) {
                memcpy(&v, p, 8);
                p += 8;
                fprintf(stderr, " \"");
                for (uint64_t j = 0; j < v; j++) {
                    unsigned char ch = (unsigned char)p[j];
                    if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') fputc(ch, stderr);
                    else fprintf(stderr, "\\x%02x", ch);
                }
                fprintf(stderr, "\"");
                p += v;
            }
            fprintf(stderr, "\n");
        } else if (kind == 'E') {
            fprintf(stderr, "    then ERROR: %s\n", p);
            p += strlen(p) + 1;
        } else {
            memcpy(&v, p, 8);
            p += 8;
            fprintf(stderr, "    then INCOMPLETE, %llu bytes left\n", (unsigned long long)v);
        }
    }
}

static void compare(const struct buffer *whole, const struct buffer *split, const char *how,
                    const size_t *cuts, size_t ncuts) {
    if (buffer_len(whole) == buffer_len(split) &&
        memcmp(buffer_begin(whole), buffer_begin(split), buffer_len(whole)) == 0)
        return;
    fprintf(stderr, "\nfuzz_request: the stream parsed whole and the stream parsed %s "
                    "do not give the same requests.\n  cuts after byte:", how);
    for (size_t i = 0; i < ncuts && i < 64; i++) fprintf(stderr, " %zu", cuts[i]);
    fprintf(stderr, ncuts > 64 ? " ...\n" : "\n");
    describe("whole", whole);
    describe(how, split);
    abort();
}

/* Cuts from the generator: half of the pieces 1-4 bytes (every state of
 * the parser gets interrupted), a quarter 5-32, a quarter up to 2 KB. */
static size_t random_cuts(uint64_t seed, size_t size, size_t *cuts) {
    size_t n = 0, at = 0;
    for (;;) {
        uint64_t r = fuzz_rand(&seed);
        size_t piece;
        switch (r & 3) {
        case 0: case 1: piece = 1 + (r >> 8) % 4; break;
        case 2: piece = 5 + (r >> 8) % 28; break;
        default: piece = 33 + (r >> 8) % 2016; break;
        }
        at += piece;
        if (at >= size) return n;
        cuts[n++] = at;
    }
}

static int initialised;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!initialised) {
        char *argv[] = {"fuzz_request", NULL};
        config_load(1, argv);
        /* The defaults, but for the longest argument: 48 KB instead of
         * 512 MB. An argument of 32 KB or more (BIG_ARG) has its whole room
         * reserved as soon as its "$len" line arrives, so with 512 MB every
         * "$536870000" input allocated half a gigabyte on each of its runs,
         * and ASan made that seconds per input (even 1 MB, the least the
         * option accepts, cost 100 ms). 48 KB keeps both paths: the big
         * argument's reserve (32-48 KB), and "invalid bulk length" above
         * the limit, which is one comparison whatever the limit is. */
        config.proto_max_bulk_len = 48 * 1024;
        initialised = 1;
    }
    if (size > MAX_STREAM) size = MAX_STREAM;

    struct buffer whole = {0}, split = {0};
    run(data, size, NULL, 0, 1, &whole);

    size_t *cuts = malloc((size + 1) * sizeof(*cuts));
    if (cuts == NULL) abort();
    for (uint64_t salt = 1; salt <= 2; salt++) {
        size_t n = random_cuts(fuzz_hash(data, size, salt), size, cuts);
        run(data, size, cuts, n, salt == 1, &split);
        compare(&whole, &split, "in random pieces", cuts, n);
        buffer_free(&split);
    }
    if (size <= 512) {
        for (size_t i = 0; i + 1 < size; i++) cuts[i] = i + 1;
        run(data, size, cuts, size ? size - 1 : 0, 0, &split);
        compare(&whole, &split, "one byte at a time", cuts, size ? size - 1 : 0);
        buffer_free(&split);
    }
    if (size <= 64) {
        for (size_t at = 1; at < size; at++) {
            run(data, size, &at, 1, 0, &split);
            compare(&whole, &split, "in two pieces", &at, 1);
            buffer_free(&split);
        }
    }
    free(cuts);
    buffer_free(&whole);
    return 0;
}
