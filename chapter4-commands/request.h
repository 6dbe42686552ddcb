/*
 * request.h: parsing client requests, incrementally.
 *
 * A client may send a command in any number of pieces (one byte at a time,
 * if it likes) or many commands in one piece (pipelining). The parser looks
 * at the client's input buffer, and either finds one complete request at
 * its start, or says it needs more bytes, remembering how far it got so the
 * next call does not start over.
 *
 * Two request formats exist:
 *
 *   multibulk   what every client library sends: an array of bulk strings
 *               *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n
 *   inline      what a human types into telnet or nc: words on a line
 *               ECHO hi\r\n          (quotes allowed: ECHO "a b\x41")
 *
 * Arguments of a multibulk request are not copied: argv points straight into
 * the input buffer, which stays put until the command has run.
 */
#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>

struct client;

/* One argument: bytes and length (binary-safe: may hold \0, \r, \n). */
struct arg {
    const char *ptr;
    size_t len;
};

/* Is the argument this option word, ignoring case ("nx" matches "NX" and
 * "Nx")? An argument is not a C string (it may hold '\0', and nothing ends
 * it), so strcasecmp() cannot be used on it as it is. Redis does use
 * strcasecmp() on option words, though, so a '\0' ends the word for it:
 * "PX\0junk" is PX. arg_is() compares the same way. */
int arg_is(const struct arg *a, const char *word);

/* Where a partly received multibulk request stands. Positions are offsets
 * from the start of the input buffer, not pointers: the buffer may move
 * (grow) between two reads. */
struct request_parser {
    size_t pos;          /* bytes of the current request parsed so far */
    long long args_left; /* multibulk arguments still to come (0: not started) */
    long long bulk_len;  /* length of the argument being read, -1: header next */
    size_t *offsets;     /* where each argument parsed so far starts */
    size_t *lengths;     /* and how long it is */
    int argc;            /* arguments parsed so far */
    int cap;             /* room in offsets/lengths (and the client's argv) */
    char *inline_args;   /* an inline request's unquoted words, back to back */
    const char *error;   /* the protocol error, after REQUEST_ERROR */
    char error_buf[32];  /* room for an error that quotes the input */
};

enum request_status {
    REQUEST_INCOMPLETE, /* need more bytes */
    REQUEST_READY,      /* c->argc / c->argv hold a request (argc may be 0:
                           an empty line or *0, which Redis skips) */
    REQUEST_ERROR,      /* protocol error: reply with parser.error, close */
};

/* Parse the request at the start of c->in. */
enum request_status request_parse(struct client *c);

/* How many bytes of c->in the ready request took (consume them after
 * running it), and reset the parser for the next request. */
size_t request_done(struct client *c);

void request_free(struct client *c);

#endif
