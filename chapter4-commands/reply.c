/* reply.c: see reply.h. */
#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "util.h"

/* A type byte, a number, CRLF: the header of integers, bulks, arrays... */
static void reply_header(struct client *c, char type, long long n) {
    char *p = client_reply_reserve(c, 1 + 20 + 2);
    size_t len = 0;
    p[len++] = type;
    len += ll_to_string(p + len, n);
    p[len++] = '\r';
    p[len++] = '\n';
    client_reply_commit(c, len);
}

static void reply_raw(struct client *c, const char *bytes, size_t n) {
    if (n == 0) return; /* an empty buffer's data may be NULL: no memcpy from it */
    memcpy(client_reply_reserve(c, n), bytes, n);
    client_reply_commit(c, n);
}

void reply_simple(struct client *c, const char *s) {
    size_t n = strlen(s);
    char *p = client_reply_reserve(c, n + 3);
    p[0] = '+';
    memcpy(p + 1, s, n);
    p[n + 1] = '\r';
    p[n + 2] = '\n';
    client_reply_commit(c, n + 3);
}

void reply_ok(struct client *c) {
    reply_raw(c, "+OK\r\n", 5);
}

void reply_error(struct client *c, const char *msg) {
    size_t n = strlen(msg);
    char *p = client_reply_reserve(c, n + 3);
    p[0] = '-';
    for (size_t i = 0; i < n; i++)
        p[i + 1] = (msg[i] == '\r' || msg[i] == '\n') ? ' ' : msg[i];
    p[n + 1] = '\r';
    p[n + 2] = '\n';
    client_reply_commit(c, n + 3);
}

void reply_error_format(struct client *c, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* As Redis's addReplyErrorFormat(): CR and LF at the end are dropped
     * (those inside become spaces, in reply_error()). */
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\r' || msg[n - 1] == '\n')) msg[--n] = '\0';
    reply_error(c, msg);
}

void reply_integer(struct client *c, long long v) {
    reply_header(c, ':', v);
}

void reply_bulk(struct client *c, const void *bytes, size_t n) {
    reply_header(c, '$', (long long)n);
    char *p = client_reply_reserve(c, n + 2);
    if (n) memcpy(p, bytes, n); /* an empty value's pointer may be NULL */
    p[n] = '\r';
    p[n + 1] = '\n';
    client_reply_commit(c, n + 2);
}

void reply_bulk_cstr(struct client *c, const char *s) {
    reply_bulk(c, s, strlen(s));
}

void reply_bulk_ll(struct client *c, long long v) {
    char buf[21];
    reply_bulk(c, buf, ll_to_string(buf, v));
}

void reply_null(struct client *c) {
    if (c->resp == 3) reply_raw(c, "_\r\n", 3);
    else reply_raw(c, "$-1\r\n", 5);
}

void reply_array(struct client *c, long long n) {
    reply_header(c, '*', n);
}

void reply_map(struct client *c, long long n) {
    /* RESP2 has no map type: a map travels as a flat array of key, value,
     * key, value..., and the client knows from the command what it means. */
    if (c->resp == 3) reply_header(c, '%', n);
    else reply_header(c, '*', n * 2);
}

void reply_set(struct client *c, long long n) {
    reply_header(c, c->resp == 3 ? '~' : '*', n);
}

void reply_verbatim(struct client *c, const char *text, size_t n) {
    if (c->resp != 3) {
        reply_bulk(c, text, n);
        return;
    }
    /* =<len>\r\ntxt:<text>\r\n: the three-letter format, a colon, the text. */
    reply_header(c, '=', (long long)n + 4);
    reply_raw(c, "txt:", 4);
    reply_raw(c, text, n);
    reply_raw(c, "\r\n", 2);
}

void reply_help(struct client *c, const char *command, const char **lines) {
    int n = 0;
    while (lines[n]) n++;
    reply_array(c, n + 3);
    char header[96];
    snprintf(header, sizeof(header), "%s <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", command);
    reply_simple(c, header);
    for (int i = 0; i < n; i++) reply_simple(c, lines[i]);
    reply_simple(c, "HELP");
    reply_simple(c, "    Prints this help.");
}
