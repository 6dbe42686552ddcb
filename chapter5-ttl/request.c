/*
 * request.c: the request parser (see request.h).
 *
 * The multibulk parser is a small state machine over three states, kept in
 * struct request_parser so that it can stop anywhere and resume later:
 *
 *     START ──"*N\r\n"──> HEADER ──"$len\r\n"──> DATA ──len bytes + \r\n──┐
 *                            ^                                            │
 *                            └──────────── more arguments left ───────────┘
 *
 * Every error text below is Redis 7.0's, byte for byte, and so are the
 * limits: clients and test suites depend on both.
 */
#include "request.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "config.h"
#include "log.h"
#include "util.h"

/* The longest inline request, or "*N" / "$N" header line, Redis accepts. */
#define INLINE_MAX (64 * 1024)

/* Arguments this long are read into a buffer sized for them at once,
 * instead of one that doubles its way there (as Redis does, at 32 KB). */
#define BIG_ARG (32 * 1024)

/* Make room for at least n arguments. */
static void grow_args(struct client *c, int n) {
    struct request_parser *p = &c->parser;
    if (n <= p->cap) return;
    int cap = p->cap ? p->cap : 8;
    while (cap < n) cap *= 2;
    p->offsets = realloc(p->offsets, sizeof(*p->offsets) * (size_t)cap);
    p->lengths = realloc(p->lengths, sizeof(*p->lengths) * (size_t)cap);
    c->argv = realloc(c->argv, sizeof(*c->argv) * (size_t)cap);
    if (!p->offsets || !p->lengths || !c->argv) fatal("out of memory for request arguments");
    p->cap = cap;
}

static enum request_status fail(struct client *c, const char *error) {
    c->parser.error = error;
    return REQUEST_ERROR;
}

/* ------------------------------------------------------------------------
 * Inline requests: one line of words, split like a shell does.
 * ------------------------------------------------------------------------ */

/* Blanks between words, and after a closing quote: C's isspace(). */
static int is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* What ends an unquoted word is a shorter list: Redis's splitter stops a
 * word at these four only, so "a\vb" is one word (\v and \f are kept in
 * it), yet \v and \f between words are skipped as blanks. */
static int ends_word(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Split line[0..len) into words, Redis's way (sdssplitargs):
 *   "double quotes" allow \n \r \t \b \a \xHH and \<any>;
 *   'single quotes' allow only \';
 *   a closing quote must be followed by a space or the end of the line.
 * The words go to p->inline_args, back to back; c->argv points into it.
 * Returns 0, or -1 for unbalanced quotes. */
static int split_inline(struct client *c, const char *line, size_t len) {
    struct request_parser *p = &c->parser;
    free(p->inline_args);
    p->inline_args = malloc(len + 1); /* words are never longer than the line */
    if (p->inline_args == NULL) fatal("out of memory for an inline request");
    char *out = p->inline_args;
    size_t i = 0;
    int argc = 0;

    for (;;) {
        while (i < len && is_space(line[i])) i++;
        if (i == len) break;

        char *word = out;
        int in_double = 0, in_single = 0, done = 0;
        while (!done) {
            if (in_double) {
                if (i == len) return -1; /* no closing quote */
                if (line[i] == '\\' && i + 3 < len && line[i + 1] == 'x' &&
                    hex_value(line[i + 2]) >= 0 && hex_value(line[i + 3]) >= 0) {
                    *out++ = (char)(hex_value(line[i + 2]) * 16 + hex_value(line[i + 3]));
                    i += 4;
                } else if (line[i] == '\\' && i + 1 < len) {
                    char e = line[i + 1];
                    *out++ = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t'
                           : e == 'b' ? '\b' : e == 'a' ? '\a' : e;
                    i += 2;
                } else if (line[i] == '"') {
                    /* The closing quote must end the word. */
                    if (i + 1 < len && !is_space(line[i + 1])) return -1;
                    done = 1;
                    i++;
                } else {
                    *out++ = line[i++];
                }
            } else if (in_single) {
                if (i == len) return -1;
                if (line[i] == '\\' && i + 1 < len && line[i + 1] == '\'') {
                    *out++ = '\'';
                    i += 2;
                } else if (line[i] == '\'') {
                    if (i + 1 < len && !is_space(line[i + 1])) return -1;
                    done = 1;
                    i++;
                } else {
                    *out++ = line[i++];
                }
            } else {
                if (i == len || ends_word(line[i])) {
                    done = 1;
                } else if (line[i] == '"') {
                    in_double = 1; /* a quote may start in the middle of a word */
                    i++;
                } else if (line[i] == '\'') {
                    in_single = 1;
                    i++;
                } else {
                    *out++ = line[i++];
                }
            }
        }
        grow_args(c, argc + 1);
        c->argv[argc].ptr = word;
        c->argv[argc].len = (size_t)(out - word);
        argc++;
    }
    c->argc = argc;
    return 0;
}

static enum request_status parse_inline(struct client *c) {
    const char *buf = buffer_begin(&c->in);
    size_t avail = buffer_len(&c->in);
    const char *newline = memchr(buf, '\n', avail);
    /* Redis looks for the newline with strchr(), which stops at a '\0': a
     * line with a '\0' before its newline never looks complete, and waits
     * until the "too big" limit below closes the connection. */
    if (memchr(buf, '\0', newline ? (size_t)(newline - buf) : avail)) newline = NULL;
    if (newline == NULL) {
        if (avail > INLINE_MAX) return fail(c, "too big inline request");
        return REQUEST_INCOMPLETE;
    }
    size_t line_len = (size_t)(newline - buf);
    c->parser.pos = line_len + 1;
    if (line_len > 0 && buf[line_len - 1] == '\r') line_len--; /* \r\n or a bare \n */
    if (split_inline(c, buf, line_len) == -1) return fail(c, "unbalanced quotes in request");
    return REQUEST_READY;
}

/* ------------------------------------------------------------------------
 * Multibulk requests.
 * ------------------------------------------------------------------------ */

/* Find the header line ("*N" or "$N") at `at`. Returns the line's length,
 * or -1 if the line is not complete yet. Two quirks copied from Redis, whose
 * parser uses strchr() on a C string: the byte after the '\r' is taken to be
 * the '\n' without checking, and a '\0' hides any '\r' after it (the line
 * then looks unfinished, until the "too big" limit closes the connection). */
static long find_line(struct client *c, size_t at) {
    const char *start = buffer_begin(&c->in) + at;
    size_t avail = buffer_len(&c->in) - at;
    size_t i = 0;
    while (i < avail && start[i] != '\r' && start[i] != '\0') i++;
    if (i == avail || start[i] == '\0' || i + 2 > avail) return -1;
    return (long)i;
}

static enum request_status parse_multibulk(struct client *c) {
    struct request_parser *p = &c->parser;
    const char *buf = buffer_begin(&c->in);

    if (p->args_left == 0) {
        /* START: the "*N\r\n" line. */
        long line = find_line(c, 0);
        if (line == -1) {
            if (buffer_len(&c->in) > INLINE_MAX) return fail(c, "too big mbulk count string");
            return REQUEST_INCOMPLETE;
        }
        long long n;
        if (!string_to_ll(buf + 1, (size_t)line - 1, &n) || n > INT_MAX)
            return fail(c, "invalid multibulk length");
        p->pos = (size_t)line + 2;
        if (n <= 0) { /* *0 and *-1 are empty requests: nothing to run */
            c->argc = 0;
            return REQUEST_READY;
        }
        p->args_left = n;
        p->bulk_len = -1;
        /* Don't trust N for the allocation: the client may never send them. */
        grow_args(c, n < 1024 ? (int)n : 1024);
    }

    while (p->args_left > 0) {
        if (p->bulk_len == -1) {
            /* HEADER: "$len\r\n". */
            long line = find_line(c, p->pos);
            if (line == -1) {
                if (buffer_len(&c->in) - p->pos > INLINE_MAX)
                    return fail(c, "too big bulk count string");
                return REQUEST_INCOMPLETE;
            }
            buf = buffer_begin(&c->in);
            if (buf[p->pos] != '$') {
                /* Redis's text quotes the byte found; keep it in the client
                 * so the error string outlives this call. */
                snprintf(p->error_buf, sizeof(p->error_buf), "expected '$', got '%c'", buf[p->pos]);
                return fail(c, p->error_buf);
            }
            long long len;
            if (!string_to_ll(buf + p->pos + 1, (size_t)line - 1, &len) || len < 0 ||
                len > config.proto_max_bulk_len)
                return fail(c, "invalid bulk length");
            p->pos += (size_t)line + 2;
            p->bulk_len = len;
            if (len >= BIG_ARG) {
                /* Make room for the whole argument now, in one allocation. */
                size_t have = buffer_len(&c->in) - p->pos;
                if ((size_t)len + 2 > have) buffer_reserve(&c->in, (size_t)len + 2 - have);
            }
        }
        /* DATA: bulk_len bytes, then two more (the \r\n, again unchecked). */
        if (buffer_len(&c->in) - p->pos < (size_t)p->bulk_len + 2) return REQUEST_INCOMPLETE;
        grow_args(c, p->argc + 1);
        p->offsets[p->argc] = p->pos;
        p->lengths[p->argc] = (size_t)p->bulk_len;
        p->argc++;
        p->pos += (size_t)p->bulk_len + 2;
        p->bulk_len = -1;
        p->args_left--;
    }

    /* Complete. The buffer will not move again until the command has run,
     * so now the offsets can become pointers. */
    buf = buffer_begin(&c->in);
    for (int i = 0; i < p->argc; i++) {
        c->argv[i].ptr = buf + p->offsets[i];
        c->argv[i].len = p->lengths[i];
    }
    c->argc = p->argc;
    return REQUEST_READY;
}

enum request_status request_parse(struct client *c) {
    if (buffer_len(&c->in) == 0) return REQUEST_INCOMPLETE;
    /* The first byte decides the format, as in Redis. */
    if (c->parser.args_left > 0 || buffer_begin(&c->in)[0] == '*') return parse_multibulk(c);
    return parse_inline(c);
}

size_t request_done(struct client *c) {
    struct request_parser *p = &c->parser;
    size_t used = p->pos;
    p->pos = 0;
    p->args_left = 0;
    p->bulk_len = -1;
    p->argc = 0;
    c->argc = 0;
    return used;
}

void request_free(struct client *c) {
    free(c->parser.offsets);
    free(c->parser.lengths);
    free(c->parser.inline_args);
    free(c->argv);
}

int arg_is(const struct arg *a, const char *word) {
    /* Redis compares option words with strcasecmp(), on the argument as a
     * C string: a '\0' ends it there, and "PX\0junk" is PX. */
    const char *nul = memchr(a->ptr, '\0', a->len);
    size_t len = nul ? (size_t)(nul - a->ptr) : a->len;
    return len == strlen(word) && strncasecmp(a->ptr, word, len) == 0;
}
