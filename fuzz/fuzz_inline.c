/*
 * fuzz_inline.c: the inline splitter, split_inline() in request.c, which
 * turns a line such as  SET "a b" 'c\'d' \x41  into words, Redis's way.
 *
 * split_inline() is static, so this file #includes request.c itself rather
 * than linking it: the function then compiles into this target, and can be
 * called directly with exactly the line under test. Going through
 * request_parse() instead would work too, but every input would have to be
 * a well-formed line (no '\n' inside, no '\0', not starting with '*'), the
 * fuzzer would spend its effort on the framing, and a finding would be one
 * step further from the function at fault. The end-to-end path through
 * request_parse() is still checked below, for the lines it can carry.
 * The file is included, never copied: whatever request.c the Makefile's
 * FUZZ_CHAPTER points at is the one tested.
 *
 * The input is the line. Checks:
 *
 *   1. No crash, no out-of-bounds access (ASan, UBSan), whatever the bytes
 *      (including '\0' and '\n', which parse_inline() never passes in: the
 *      function should not depend on its caller for memory safety).
 *   2. It returns 0 (words) or -1 (unbalanced quotes), and the words lie
 *      back to back in parser.inline_args, no longer in total than the line.
 *   3. The line splits into the words Redis finds in it, or is unbalanced
 *      exactly when Redis says so: redis_split() below takes the steps of
 *      Redis's own splitter, sdssplitargs() (for lines without '\0').
 *   4. Round trip: the words, written back as a line with each word quoted
 *      one of three ways (bare, "double quoted" with escapes, 'single
 *      quoted') split into the same words again.
 *   5. End to end: for a line request_parse() can carry (no '\n' or '\0',
 *      not starting with '*'), sending line + "\r\n" gives a READY request
 *      with the same words, using all the bytes, or, where the direct call
 *      said -1, "unbalanced quotes in request".
 */
#include "request.c"

#include "fuzz.h"

/* The words of the last split, copied out of the parser. */
struct words {
    int argc;
    size_t *len;
    char **ptr;
};

static void words_take(struct client *c, struct words *w) {
    w->argc = c->argc;
    w->len = calloc((size_t)c->argc + 1, sizeof(*w->len));
    w->ptr = calloc((size_t)c->argc + 1, sizeof(*w->ptr));
    if (!w->len || !w->ptr) abort();
    for (int i = 0; i < c->argc; i++) {
        w->len[i] = c->argv[i].len;
        w->ptr[i] = malloc(c->argv[i].len + 1);
        if (w->ptr[i] == NULL) abort();
        memcpy(w->ptr[i], c->argv[i].ptr, c->argv[i].len);
    }
}

static void words_free(struct words *w) {
    for (int i = 0; i < w->argc; i++) free(w->ptr[i]);
    free(w->len);
    free(w->ptr);
}

static void show(const char *title, const char *p, size_t n) {
    fprintf(stderr, "  %s (%zu bytes): \"", title, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') fputc(ch, stderr);
        else fprintf(stderr, "\\x%02x", ch);
    }
    fprintf(stderr, "\"\n");
}

/* Are the client's current words the same as w? Says where they differ. */
static void same_words(const char *what, const struct words *w, struct client *c,
                       const uint8_t *line, size_t len, const char *line2, size_t len2) {
    int same = w->argc == c->argc;
    int at = -1;
    for (int i = 0; same && i < w->argc; i++) {
        if (w->len[i] != c->argv[i].len || memcmp(w->ptr[i], c->argv[i].ptr, w->len[i]) != 0) {
            same = 0;
            at = i;
        }
    }
    if (same) return;
    fprintf(stderr, "\nfuzz_inline: %s: %d words, then %d", what, w->argc, c->argc);
    if (at >= 0) fprintf(stderr, "; word %d differs", at);
    fprintf(stderr, "\n");
    show("line", (const char *)line, len);
    if (line2) show("second line", line2, len2);
    for (int i = 0; i < w->argc; i++) show("first split's word", w->ptr[i], w->len[i]);
    for (int i = 0; i < c->argc; i++) show("second split's word", c->argv[i].ptr, c->argv[i].len);
    abort();
}

/* Check 2: the words sit back to back at the start of inline_args. */
static void check_layout(struct client *c, size_t len) {
    const char *next = c->parser.inline_args;
    size_t total = 0;
    for (int i = 0; i < c->argc; i++) {
        FUZZ_CHECK(c->argv[i].ptr == next, "word %d is not right after word %d", i, i - 1);
        next += c->argv[i].len;
        total += c->argv[i].len;
    }
    FUZZ_CHECK(total <= len, "%zu bytes of words from a %zu-byte line", total, len);
}

/* Check 3: the words Redis finds in the line. This follows the steps of
 * Redis's sdssplitargs() (sds.c), which walks the line as a C string, one
 * pointer step at a time; it shares nothing with split_inline() but the
 * rules, so a rule split_inline() gets wrong shows up as a difference.
 * Among them: any isspace() byte separates words, but inside an unquoted
 * word only a space, tab, CR or LF ends it (\v and \f are part of the
 * word: redis-server 7.0 answers "ECHO a\vb" with "a\vb"). Returns the
 * number of words, or -1 for unbalanced quotes; `out` gets the words back
 * to back, their lengths in `lens`. */
static int c_isspace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

static int c_ishex(char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static int c_hexval(char ch) {
    return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

static int redis_split(const char *p, char *out, size_t *lens) {
    int argc = 0;
    for (;;) {
        while (*p && c_isspace(*p)) p++;
        if (!*p) return argc;
        int inq = 0, insq = 0, done = 0;
        size_t len = 0;
        while (!done) {
            if (inq) {
                if (p[0] == '\\' && p[1] == 'x' && c_ishex(p[2]) && c_ishex(p[3])) {
                    out[len++] = (char)(c_hexval(p[2]) * 16 + c_hexval(p[3]));
                    p += 3;
                } else if (p[0] == '\\' && p[1]) {
                    p++;
                    out[len++] = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t'
                               : *p == 'b' ? '\b' : *p == 'a' ? '\a' : *p;
                } else if (*p == '"') {
                    if (p[1] && !c_isspace(p[1])) return -1; /* closing quote, then a word */
                    done = 1;
                } else if (!*p) {
                    return -1; /* unterminated quotes */
                } else {
                    out[len++] = *p;
                }
            } else if (insq) {
                if (p[0] == '\\' && p[1] == '\'') {
                    p++;
                    out[len++] = '\'';
                } else if (*p == '\'') {
                    if (p[1] && !c_isspace(p[1])) return -1;
                    done = 1;
                } else if (!*p) {
                    return -1;
                } else {
                    out[len++] = *p;
                }
            } else {
                switch (*p) {
                case ' ': case '\n': case '\r': case '\t': case '\0': done = 1; break;
                case '"': inq = 1; break;
                case '\'': insq = 1; break;
                default: out[len++] = *p; break;
                }
            }
            if (*p) p++;
        }
        out += len;
        lens[argc++] = len;
    }
}

static void check_redis(struct client *c, int rc, const uint8_t *data, size_t size) {
    char *line = malloc(size + 1), *words = malloc(size + 1);
    size_t *lens = malloc((size + 1) * sizeof(*lens));
    if (!line || !words || !lens) abort();
    memcpy(line, data, size);
    line[size] = '\0';
    int argc = redis_split(line, words, lens);
    int same = (argc == -1) == (rc == -1) && (rc == -1 || argc == c->argc);
    const char *w = words;
    for (int i = 0; same && rc == 0 && i < argc; i++) {
        same = lens[i] == c->argv[i].len && memcmp(w, c->argv[i].ptr, lens[i]) == 0;
        w += lens[i];
    }
    if (!same) {
        fprintf(stderr, "\nfuzz_inline: split_inline() and Redis's rules (sdssplitargs) split the line "
                        "differently\n");
        show("line", line, size);
        if (rc == -1) fprintf(stderr, "  split_inline(): unbalanced quotes\n");
        for (int i = 0; rc == 0 && i < c->argc; i++) show("split_inline()'s word", c->argv[i].ptr, c->argv[i].len);
        if (argc == -1) fprintf(stderr, "  Redis: unbalanced quotes\n");
        w = words;
        for (int i = 0; i < argc; i++) {
            show("Redis's word", w, lens[i]);
            w += lens[i];
        }
        abort();
    }
    free(line);
    free(words);
    free(lens);
}

/* Check 4: write the words back as a line. Each word goes one of three
 * ways, chosen by `choice` (so the same input always writes the same line):
 * bare, if it has no space or quote and is not empty; single-quoted, if
 * it has no quote and no trailing backslash (no escape can write those
 * there); double-quoted otherwise, escaping what must be. */
static size_t quote_words(const struct words *w, uint64_t choice, char *out) {
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (int i = 0; i < w->argc; i++) {
        const char *p = w->ptr[i];
        size_t len = w->len[i];
        int has_space = 0, has_quote = 0;
        for (size_t j = 0; j < len; j++) {
            if (is_space(p[j])) has_space = 1;
            if (p[j] == '"' || p[j] == '\'') has_quote = 1;
        }
        int how = (int)(choice % 3);
        choice /= 3;
        if (how == 0 && (has_space || has_quote || len == 0)) how = 2;
        if (how == 1 && (has_quote || (len > 0 && p[len - 1] == '\\'))) how = 2;
        if (i > 0) out[n++] = (char)(choice & 1 ? '\t' : ' ');
        if (how == 0) {
            memcpy(out + n, p, len);
            n += len;
        } else if (how == 1) {
            out[n++] = '\'';
            memcpy(out + n, p, len);
            n += len;
            out[n++] = '\'';
        } else {
            out[n++] = '"';
            for (size_t j = 0; j < len; j++) {
                unsigned char ch = (unsigned char)p[j];
                if (ch == '"' || ch == '\\') {
                    out[n++] = '\\';
                    out[n++] = (char)ch;
                } else if (ch < 0x20 || ch >= 0x7f) {
                    out[n++] = '\\';
                    out[n++] = 'x';
                    out[n++] = hex[ch >> 4];
                    out[n++] = hex[ch & 15];
                } else {
                    out[n++] = (char)ch;
                }
            }
            out[n++] = '"';
        }
    }
    return n;
}

static int initialised;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!initialised) {
        char *argv[] = {"fuzz_inline", NULL};
        config_load(1, argv);
        initialised = 1;
    }
    if (size > INLINE_MAX) size = INLINE_MAX;
    const char *line = (const char *)data;

    /* 1 and 2: the direct call. */
    struct client *c = fuzz_client_new();
    int rc = split_inline(c, line, size);
    FUZZ_CHECK(rc == 0 || rc == -1, "split_inline() returned %d", rc);
    int quoted = memchr(line, '"', size) || memchr(line, '\'', size);
    struct words w = {0};
    if (rc == 0) {
        check_layout(c, size);

        words_take(c, &w);
    } else {
        FUZZ_CHECK(quoted, "unbalanced quotes reported for a line with no quote at all");
    }

    /* 3. Redis sees the line as a C string: compared only without '\0'. */
    if (!memchr(line, '\0', size)) check_redis(c, rc, data, size);

    /* 4: the round trip. The quoted form is at most 4 bytes per byte of
     * words, plus 3 per word (two quotes and a separator). */
    if (rc == 0) {
        size_t room = 3 * (size_t)w.argc + 1;
        for (int i = 0; i < w.argc; i++) room += 4 * w.len[i];
        char *again = malloc(room);
        if (again == NULL) abort();
        size_t n = quote_words(&w, fuzz_hash(data, size, 3), again);
        struct client *c2 = fuzz_client_new();
        int rc2 = split_inline(c2, again, n);
        if (rc2 != 0) {
            show("line", line, size);
            show("written back as", again, n);
            FUZZ_CHECK(rc2 == 0, "the words written back with quotes do not split again");
        }
        same_words("the words written back with quotes split differently", &w, c2, data, size,
                   again, n);
        fuzz_client_free(c2);
        free(again);
    }

    /* 5: the same line as a request. */
    if (size > 0 && line[0] != '*' && !memchr(line, '\n', size) && !memchr(line, '\0', size)) {
        struct client *c3 = fuzz_client_new();
        buffer_append(&c3->in, line, size);
        buffer_append(&c3->in, "\r\n", 2);
        enum request_status status = request_parse(c3);
        if (rc == 0) {
            FUZZ_CHECK(status == REQUEST_READY, "the line + CRLF as a request: status %d, not READY",
                       (int)status);
            same_words("the line split directly and the line sent as a request differ", &w, c3,
                       data, size, NULL, 0);
            size_t used = request_done(c3);
            FUZZ_CHECK(used == size + 2, "the request used %zu bytes of %zu", used, size + 2);
        } else {
            FUZZ_CHECK(status == REQUEST_ERROR && strcmp(c3->parser.error, "unbalanced quotes in request") == 0,
                       "the line + CRLF as a request: status %d (%s), not the unbalanced-quotes error",
                       (int)status, status == REQUEST_ERROR ? c3->parser.error : "-");
        }
        fuzz_client_free(c3);
    }

    words_free(&w);
    fuzz_client_free(c);
    return 0;
}
