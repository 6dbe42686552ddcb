/*
 * reply.h: encoding replies in RESP, the Redis protocol.
 *
 * Every reply a command sends goes through one of these functions; no
 * command writes protocol bytes by hand. Each function appends to the
 * client's output buffer, encoded for the protocol version the client chose
 * with HELLO (RESP2 by default, or RESP3):
 *
 *     reply_simple(c, "PONG")      +PONG\r\n
 *     reply_error(c, "ERR nope")   -ERR nope\r\n
 *     reply_integer(c, 42)         :42\r\n
 *     reply_bulk(c, "hi", 2)       $2\r\nhi\r\n
 *     reply_null(c)                $-1\r\n          RESP3: _\r\n
 *     reply_array(c, 2) + 2 items  *2\r\n...
 *     reply_map(c, 1) + key, value *2\r\n...        RESP3: %1\r\n...
 *     reply_verbatim(c, txt, n)    $n\r\n...        RESP3: =n+4\r\ntxt:...
 */
#ifndef REPLY_H
#define REPLY_H

#include <stddef.h>

struct client;

void reply_simple(struct client *c, const char *s);
void reply_ok(struct client *c);

/* `msg` starts with the error code: "ERR ...", "NOPROTO ...". Any \r or \n
 * in it becomes a space: an error is one line, and it often quotes user
 * input. */
void reply_error(struct client *c, const char *msg);
void reply_error_format(struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void reply_integer(struct client *c, long long v);
void reply_bulk(struct client *c, const void *p, size_t n);
void reply_bulk_cstr(struct client *c, const char *s);
void reply_bulk_ll(struct client *c, long long v);
void reply_null(struct client *c);

/* Aggregates: the header, then the caller sends exactly that many elements
 * (for a map: n keys and n values, alternately). */
void reply_array(struct client *c, long long n);
void reply_map(struct client *c, long long n);
void reply_set(struct client *c, long long n); /* RESP3 set, RESP2 array */

/* Plain text meant for humans (INFO): verbatim string in RESP3, bulk in RESP2. */
void reply_verbatim(struct client *c, const char *p, size_t n);

/* The reply to a container's HELP subcommand: a header naming `command`,
 * the NULL-terminated `lines`, and a line about HELP itself. */
void reply_help(struct client *c, const char *command, const char **lines);

#endif
