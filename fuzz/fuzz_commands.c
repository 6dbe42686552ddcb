/*
 * fuzz_commands.c: the command layer. Requests go through the real parser,
 * command_execute() and every command, against the real keyspace (dict.c,
 * db.c, the expiry sweep), and the replies land in the client's output
 * buffer, which is checked and thrown away.
 *
 * The input is a small script, one command per line, words separated by
 * spaces:
 *
 *     SET k v EX 10
 *     TICK 10001
 *     GET k
 *
 * Each line becomes one multibulk request (so every byte is allowed in an
 * argument, and no line can be a protocol error that would end the run
 * early), appended to the client's input buffer and processed as client.c's
 * process_input() does. In a word, \xHH is the byte HH (\x20 a space, \x00
 * a NUL) and a word that is exactly "" is the empty string. The commands
 * come from a small dictionary: fuzz/resp.dict holds the command names,
 * options, keys and numbers, and libFuzzer splices them into the script.
 * The fuzzer also learns words by itself, from the comparisons the code
 * makes (libFuzzer watches strncasecmp() and memcmp()).
 *
 * Two lines are the harness's own, not commands:
 *
 *     TICK ms [budget-us]   the clock moves ms forward, then the periodic
 *                           timer's work runs: one expiry sweep with the
 *                           budget given (default one hour: as long as it
 *                           wants; 0: exactly one batch), and rehashing.
 *     QUIT                  (the real command) closes the client; the next
 *                           line comes from a new client, as after a
 *                           reconnection, with the keyspace intact.
 *
 * FUZZ_TRACE=1 in the environment prints each command and its reply.
 *
 * The clock is fake: every mstime() call in the server (db.c, the cmd_*.c,
 * expire.c) goes to __wrap_mstime() below (the Makefile links with
 * -Wl,--wrap=mstime), which starts each input at the same instant and
 * moves only on TICK. So an input always does the same thing, and a key
 * set with PX 100 is still there after TICK 100 and gone after TICK 101.
 * random_u64(), where the sweep starts, is wrapped the same way.
 *
 * State does not carry over from one input to the next: each input starts
 * with an empty keyspace and a new client, and ends with FLUSHALL (db_flush)
 * and the client freed. libFuzzer needs that: a failure must be
 * reproducible from the one input it saves, which it would not be if it
 * depended on the inputs run before; and the keyspace would grow without
 * bound. One input still runs as many commands as it has lines.
 *
 * Checks, after every command:
 *
 *   - no crash, no leak, no out-of-bounds or freed memory (ASan, UBSan,
 *     LeakSanitizer), and fatal() (out of memory...) is never called;
 *   - the command wrote exactly one well-formed reply: one RESP value,
 *     nothing before or after it, every length and count right, and only
 *     RESP2 types unless the client said HELLO 3;
 *   - the keyspace is consistent (keyspace_check(), while it is small;
 *     always at the end of the input): each table's `used` is the number
 *     of entries in its buckets; each entry sits in the bucket its hash
 *     picks; no key is there twice; a value fits its allocation; db.expires
 *     is the number of keys with a deadline, and db.volatile_keys holds
 *     exactly those, each knowing its slot; a table not rehashing has no
 *     second table, and a rehash has emptied the buckets it has passed.
 */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "client.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "dict.h"
#include "expire.h"
#include "fuzz.h"
#include "request.h"
#include "server.h"
#include "siphash.h"
#include "util.h"

/* 2023-11-14 22:13:20 UTC, in ms: each input starts here. */
#define FUZZ_EPOCH_MS 1700000000000LL
/* The furthest one TICK moves the clock: about 31 years. */
#define FUZZ_MAX_TICK_MS 1000000000000LL
/* Check the whole keyspace after each command while it is this small. */
#define FUZZ_CHECK_EACH_MAX 256

static long long fake_now_ms = FUZZ_EPOCH_MS;

long long __wrap_mstime(void);
long long __wrap_mstime(void) {
    return fake_now_ms;
}

/* The sweep starts at a random slot (random_u64() in util.c, if the
 * chapter has it). Its state lives across calls, so an input would sweep
 * differently depending on the inputs run before it: wrapped too, with a
 * state that each input starts afresh. */
static uint64_t fake_random_state;

unsigned long long __wrap_random_u64(void);
unsigned long long __wrap_random_u64(void) {
    return fuzz_rand(&fake_random_state);
}

/* The hash seed, fixed (db_init() draws a random one): the same keys then
 * land in the same buckets on every run, and keyspace_check() can compute
 * each key's bucket itself. */
static const uint8_t fuzz_seed[SIPHASH_SEED_LEN] = "littleredisfuzz";

/* ------------------------------------------------------------------------
 * Replies: exactly one RESP value.
 * ------------------------------------------------------------------------ */

struct reply_reader {
    const char *p, *end;
    int resp;           /* 2 or 3: which types may appear */
    const char *error;  /* what was wrong, once something was */
};

static int reply_fail(struct reply_reader *r, const char *why) {
    if (!r->error) r->error = why;
    return 0;
}

/* A line up to CRLF (which must be there); *line, *len: its content. */
static int reply_line(struct reply_reader *r, const char **line, size_t *len) {
    const char *cr = memchr(r->p, '\r', (size_t)(r->end - r->p));
    if (cr == NULL || cr + 1 >= r->end || cr[1] != '\n') return reply_fail(r, "a line without CRLF");
    *line = r->p;
    *len = (size_t)(cr - r->p);
    if (memchr(*line, '\n', *len)) return reply_fail(r, "a bare \\n inside a line");
    r->p = cr + 2;
    return 1;
}

static int reply_number(struct reply_reader *r, long long *n) {
    const char *line;
    size_t len;
    if (!reply_line(r, &line, &len)) return 0;
    if (!string_to_ll(line, len, n)) return reply_fail(r, "a length, count or integer that is not a number");
    return 1;
}

static int reply_value(struct reply_reader *r, int depth);

static int reply_values(struct reply_reader *r, long long n, int depth) {
    if (n < 0 || n > (long long)(r->end - r->p)) return reply_fail(r, "a count beyond the reply's bytes");
    for (long long i = 0; i < n; i++)
        if (!reply_value(r, depth + 1)) return 0;
    return 1;
}

static int reply_value(struct reply_reader *r, int depth) {
    if (depth > 64) return reply_fail(r, "nested more than 64 deep");
    if (r->p >= r->end) return reply_fail(r, "the reply ends before its last element");
    char type = *r->p++;
    const char *line;
    size_t len;
    long long n;
    if (r->resp == 2 && strchr("%~_=,#(>|!", type)) return reply_fail(r, "a RESP3 type sent to a RESP2 client");
    switch (type) {
    case '+':
    case '-':
        return reply_line(r, &line, &len);
    case ':':
        return reply_number(r, &n);
    case '$':
    case '=':
    case '!':
        if (!reply_number(r, &n)) return 0;
        if (n == -1 && type == '$' && r->resp == 2) return 1; /* RESP2's null */
        if (n < 0 || n > (long long)(r->end - r->p) - 2) return reply_fail(r, "a bulk length beyond the reply's bytes");
        if (type == '=' && (n < 4 || r->p[3] != ':')) return reply_fail(r, "a verbatim string without its format");
        r->p += n;
        if (r->p[0] != '\r' || r->p[1] != '\n') return reply_fail(r, "a bulk string not followed by CRLF");
        r->p += 2;
        return 1;
    case '*':
        if (!reply_number(r, &n)) return 0;
        if (n == -1 && r->resp == 2) return 1; /* RESP2's null array */
        return reply_values(r, n, depth);
    case '~':
    case '>':
        if (!reply_number(r, &n)) return 0;
        return reply_values(r, n, depth);
    case '%':
    case '|':
        if (!reply_number(r, &n)) return 0;
        if (n < 0 || n > LLONG_MAX / 2) return reply_fail(r, "a map with a bad count");
        return reply_values(r, n * 2, depth);
    case '_':
        if (!reply_line(r, &line, &len)) return 0;
        return len == 0 ? 1 : reply_fail(r, "a null with content");
    case '#':
        if (!reply_line(r, &line, &len)) return 0;
        return len == 1 && (line[0] == 't' || line[0] == 'f') ? 1 : reply_fail(r, "a boolean not t or f");
    case ',':
    case '(':
        return reply_line(r, &line, &len);
    default:
        return reply_fail(r, "an unknown type byte");
    }
}

static void show_bytes(const char *title, const char *p, size_t n) {
    fprintf(stderr, "  %s (%zu bytes): \"", title, n);
    for (size_t i = 0; i < n && i < 2048; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') fputc(ch, stderr);
        else fprintf(stderr, "\\x%02x", ch);
    }
    fprintf(stderr, n > 2048 ? "\"...\n" : "\"\n");
}

static void show_request(struct client *c) {
    fprintf(stderr, "  the command:");
    for (int i = 0; i < c->argc; i++) {
        fprintf(stderr, " \"");
        for (size_t j = 0; j < c->argv[i].len && j < 256; j++) {
            unsigned char ch = (unsigned char)c->argv[i].ptr[j];
            if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') fputc(ch, stderr);
            else fprintf(stderr, "\\x%02x", ch);
        }
        fprintf(stderr, "\"");
    }
    fprintf(stderr, "\n");
}

static void check_reply(struct client *c) {
    struct reply_reader r = {buffer_begin(&c->out), buffer_begin(&c->out) + buffer_len(&c->out), c->resp, NULL};
    int ok = reply_value(&r, 0);
    if (ok && r.p != r.end) ok = reply_fail(&r, "more bytes after the reply: two replies, or trailing garbage");
    if (ok) return;
    fprintf(stderr, "\nfuzz_commands: the reply is not one well-formed RESP%d value: %s (at byte %zu)\n",
            c->resp, r.error, (size_t)(r.p - buffer_begin(&c->out)));
    show_request(c);
    show_bytes("the reply", buffer_begin(&c->out), buffer_len(&c->out));
    abort();
}

/* ------------------------------------------------------------------------
 * The keyspace's invariants.
 * ------------------------------------------------------------------------ */

static int compare_keys(const void *a, const void *b) {
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    if (x->key_len != y->key_len) return x->key_len < y->key_len ? -1 : 1;
    return memcmp(entry_key(x), entry_key(y), x->key_len);
}

static void keyspace_check(const char *when) {
    struct dict *d = &db.dict;
    size_t total = dict_size(d), seen = 0, with_deadline = 0;
    struct entry **all = malloc((total + 1) * sizeof(*all));
    if (all == NULL) abort();
    int rehashing = d->rehash_index != -1;

    for (int t = 0; t <= 1; t++) {
        struct dict_table *table = &d->table[t];
        FUZZ_CHECK((table->size & (table->size - 1)) == 0, "%s: table %d has %zu buckets, not a power of two",
                   when, t, table->size);
        FUZZ_CHECK(table->size > 0 || (table->used == 0 && table->buckets == NULL),
                   "%s: table %d has no buckets but used %zu", when, t, table->used);
        if (t == 1 && !rehashing)
            FUZZ_CHECK(table->size == 0, "%s: not rehashing, yet table 1 has %zu buckets", when, table->size);
        if (t == 0 && rehashing)
            FUZZ_CHECK(d->rehash_index >= 0 && (size_t)d->rehash_index <= table->size,
                       "%s: rehash_index %lld with %zu buckets", when, d->rehash_index, table->size);
        size_t in_table = 0;
        for (size_t i = 0; i < table->size; i++) {
            if (t == 0 && rehashing && (long long)i < d->rehash_index)
                FUZZ_CHECK(table->buckets[i] == NULL, "%s: bucket %zu is behind the rehash but not empty",
                           when, i);
            for (struct entry *e = table->buckets[i]; e; e = e->next) {
                FUZZ_CHECK(seen < total, "%s: more entries in the buckets than dict_size() says (%zu)",
                           when, total);
                all[seen++] = e;
                in_table++;
                size_t want = siphash(entry_key(e), e->key_len, fuzz_seed) & (table->size - 1);
                FUZZ_CHECK(want == i, "%s: a key in bucket %zu of table %d belongs in bucket %zu", when, i, t,
                           want);
                FUZZ_CHECK(e->value_len <= e->value_cap, "%s: a value of %u bytes in room for %u", when,
                           e->value_len, e->value_cap);
                if (e->expire_at) {
                    with_deadline++;
                    FUZZ_CHECK(e->volatile_index < db.expires && db.volatile_keys[e->volatile_index] == e,
                               "%s: a key with a deadline is not in volatile_keys at its slot %u", when,
                               e->volatile_index);
                }
            }
        }
        FUZZ_CHECK(in_table == table->used, "%s: table %d says used %zu, its buckets hold %zu", when, t,
                   table->used, in_table);
    }
    FUZZ_CHECK(seen == total, "%s: dict_size() is %zu, the buckets hold %zu", when, total, seen);
    FUZZ_CHECK(with_deadline == db.expires, "%s: db.expires is %zu, %zu keys have a deadline", when,
               db.expires, with_deadline);
    FUZZ_CHECK(db.expires <= db.volatile_cap, "%s: %zu keys with a deadline in room for %zu", when,
               db.expires, db.volatile_cap);
    for (size_t i = 0; i < db.expires; i++) {
        struct entry *e = db.volatile_keys[i];
        FUZZ_CHECK(e->volatile_index == i && e->expire_at != 0,
                   "%s: volatile_keys[%zu] has slot %u and deadline %lld", when, i, e->volatile_index,
                   e->expire_at);
    }
    qsort(all, seen, sizeof(*all), compare_keys);
    for (size_t i = 1; i < seen; i++)
        FUZZ_CHECK(compare_keys(&all[i - 1], &all[i]) != 0, "%s: the same key is in the dict twice", when);
    free(all);
}

/* ------------------------------------------------------------------------
 * The script.
 * ------------------------------------------------------------------------ */

static int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Split a line into words (see the top of the file). The words are
 * decoded into `bytes`, back to back; starts[i], lens[i] locate word i.
 * Returns the number of words. */
static int script_words(const char *line, size_t len, char *bytes, size_t *starts, size_t *lens) {
    int n = 0;
    size_t i = 0, out = 0;
    for (;;) {
        while (i < len && line[i] == ' ') i++;
        if (i == len) return n;
        size_t from = i;
        while (i < len && line[i] != ' ') i++;
        starts[n] = out;
        if (i - from == 2 && line[from] == '"' && line[from + 1] == '"') {
            lens[n++] = 0;
            continue;
        }
        for (size_t j = from; j < i;) {
            if (line[j] == '\\' && j + 3 < i && line[j + 1] == 'x' && hex_digit(line[j + 2]) >= 0 &&
                hex_digit(line[j + 3]) >= 0) {
                bytes[out++] = (char)(hex_digit(line[j + 2]) * 16 + hex_digit(line[j + 3]));
                j += 4;
            } else {
                bytes[out++] = line[j++];
            }
        }
        lens[n] = out - starts[n];
        n++;
    }
}

/* Append words as one multibulk request to the client's input. */
static void send_request(struct client *c, int argc, const char *bytes, const size_t *starts,
                         const size_t *lens) {
    char header[32];
    int n = snprintf(header, sizeof(header), "*%d\r\n", argc);
    buffer_append(&c->in, header, (size_t)n);
    for (int i = 0; i < argc; i++) {
        n = snprintf(header, sizeof(header), "$%zu\r\n", lens[i]);
        buffer_append(&c->in, header, (size_t)n);
        buffer_append(&c->in, bytes + starts[i], lens[i]);
        buffer_append(&c->in, "\r\n", 2);
    }
}

/* FUZZ_TRACE=1 in the environment: print every command and its reply
 * (to see what an input does, say before making it a regression). */
static int trace;

/* client.c's process_input(), minus backpressure: the output is checked
 * and dropped after every command, so it never piles up. */
static void process_input(struct client *c) {
    while (!c->close_when_drained) {
        enum request_status status = request_parse(c);
        if (status == REQUEST_INCOMPLETE) return;
        FUZZ_CHECK(status != REQUEST_ERROR, "the harness's own well-formed request was refused: %s",
                   c->parser.error);
        if (c->argc > 0) {
            FUZZ_CHECK(buffer_len(&c->out) == 0, "output left over before a command");
            command_execute(c);
            check_reply(c);
            if (trace) {
                show_request(c);
                show_bytes("the reply", buffer_begin(&c->out), buffer_len(&c->out));
            }
            buffer_consume(&c->out, buffer_len(&c->out));
        }
        buffer_consume(&c->in, request_done(c));
        if (db_size() <= FUZZ_CHECK_EACH_MAX) keyspace_check("after a command");
    }
}

/* TICK ms [budget-us]: time passes, then the periodic timer runs. */
static void tick(int argc, const char *bytes, const size_t *starts, const size_t *lens) {
    long long ms = 1000, budget = 3600LL * 1000 * 1000;
    if (argc >= 2 && !string_to_ll(bytes + starts[1], lens[1], &ms)) ms = 1000;
    if (argc >= 3 && !string_to_ll(bytes + starts[2], lens[2], &budget)) budget = 0;
    if (ms < 0) ms = 0;
    if (ms > FUZZ_MAX_TICK_MS) ms = FUZZ_MAX_TICK_MS;
    if (budget < 0) budget = 0;
    fake_now_ms += ms;
    if (trace) fprintf(stderr, "  TICK: the clock is now %lld ms\n", fake_now_ms);
    expire_cycle(budget);
    dict_rehash_for(&db.dict, 0); /* 0 us: exactly one round of 100 steps */
    keyspace_check("after TICK");
}

static int initialised;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!initialised) {
        char *argv[] = {"fuzz_commands", NULL};
        config_load(1, argv);
        db_init();
        trace = getenv("FUZZ_TRACE") != NULL && strcmp(getenv("FUZZ_TRACE"), "1") == 0;
        initialised = 1;
    }
    /* A fresh start: clock, statistics, hash seed (the keyspace is empty). */
    memset(&server, 0, sizeof(server));
    fake_now_ms = FUZZ_EPOCH_MS;
    fake_random_state = 0x9E3779B97F4A7C15ULL;
    dict_set_seed(fuzz_seed);

    const char *script = (const char *)data;
    /* Room for the words of any line: no more words, or bytes, than the
     * line has bytes. */
    char *bytes = malloc(size + 1);
    size_t *starts = malloc((size + 1) * sizeof(*starts)), *lens = malloc((size + 1) * sizeof(*lens));
    if (!bytes || !starts || !lens) abort();

    struct client *c = client_create(-1, "fuzz");
    FUZZ_CHECK(c != NULL, "client_create() failed");
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(script + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (script + at)) : size - at;
        int argc = script_words(script + at, len, bytes, starts, lens);
        at += len + (nl ? 1 : 0);
        if (argc == 0) continue;
        if (lens[0] == 4 && strncasecmp(bytes + starts[0], "tick", 4) == 0) {
            tick(argc, bytes, starts, lens);
            continue;
        }
        send_request(c, argc, bytes, starts, lens);
        process_input(c);
        if (c->close_when_drained) { /* QUIT: reconnect */
            client_free(c);
            c = client_create(-1, "fuzz");
        }
    }
    client_free(c);
    keyspace_check("at the end");
    db_flush(); /* FLUSHALL: the next input starts empty */
    free(bytes);
    free(starts);
    free(lens);
    return 0;
}
