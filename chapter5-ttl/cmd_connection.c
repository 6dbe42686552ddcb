/*
 * cmd_connection.c: commands about the connection itself: PING, ECHO, QUIT,
 * HELLO and CLIENT. These are what client libraries send when they connect,
 * so they must answer exactly as Redis does or the library gives up.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "command.h"
#include "reply.h"
#include "util.h"

#define REDIS_VERSION "7.0.15" /* the Redis version whose behaviour we follow */

void cmd_ping(struct client *c) {
    if (c->argc > 2) {
        reply_error(c, "ERR wrong number of arguments for 'ping' command");
        return;
    }
    if (c->argc == 1) reply_simple(c, "PONG");
    else reply_bulk(c, c->argv[1].ptr, c->argv[1].len);
}

void cmd_echo(struct client *c) {
    reply_bulk(c, c->argv[1].ptr, c->argv[1].len);
}

void cmd_quit(struct client *c) {
    reply_ok(c);
    client_close_after_reply(c);
}

/* Replace a name-like attribute (the client name, its library name...).
 * An empty value clears it. Returns 0, or -1 if it has characters Redis
 * refuses: spaces, newlines, anything outside '!'..'~', which would break
 * the one-line-per-client format of CLIENT LIST. */
static int set_attribute(char **slot, const struct arg *value) {
    for (size_t i = 0; i < value->len; i++)
        if (value->ptr[i] < '!' || value->ptr[i] > '~') return -1;
    free(*slot);
    *slot = NULL;
    if (value->len > 0) {
        *slot = malloc(value->len + 1);
        if (*slot == NULL) return -1;
        memcpy(*slot, value->ptr, value->len);
        (*slot)[value->len] = '\0';
    }
    return 0;
}

/* HELLO [protover [AUTH username password] [SETNAME clientname]]
 * Switches the connection to RESP2 or RESP3, and answers with a map that
 * describes the server. */
void cmd_hello(struct client *c) {
    long long version = 0;
    if (c->argc >= 2) {
        if (!string_to_ll(c->argv[1].ptr, c->argv[1].len, &version)) {
            reply_error(c, "ERR Protocol version is not an integer or out of range");
            return;
        }
        if (version < 2 || version > 3) {
            reply_error(c, "NOPROTO unsupported protocol version");
            return;
        }
    }
    const struct arg *user = NULL, *name = NULL;
    for (int j = 2; j < c->argc; j++) {
        int more = c->argc - 1 - j;
        if (arg_is(&c->argv[j], "auth") && more >= 2) {
            user = &c->argv[j + 1];
            j += 2;
        } else if (arg_is(&c->argv[j], "setname") && more >= 1) {
            name = &c->argv[j + 1];
            j++;
        } else {
            reply_error_format(c, "ERR Syntax error in HELLO option '%.*s'",
                               (int)c->argv[j].len, c->argv[j].ptr);
            return;
        }
    }
    /* This server has one user, "default", with no password (as a fresh
     * Redis has): any password is accepted for it, any other user is not. */
    if (user && !arg_is(user, "default")) {
        reply_error(c, "WRONGPASS invalid username-password pair or user is disabled.");
        return;
    }
    if (name && set_attribute(&c->name, name) == -1) {
        reply_error(c, "ERR Client names cannot contain spaces, newlines or special characters.");
        return;
    }
    if (version) c->resp = (int)version;

    reply_map(c, 7);
    reply_bulk_cstr(c, "server");
    reply_bulk_cstr(c, "redis");
    reply_bulk_cstr(c, "version");
    reply_bulk_cstr(c, REDIS_VERSION);
    reply_bulk_cstr(c, "proto");
    reply_integer(c, c->resp);
    reply_bulk_cstr(c, "id");
    reply_integer(c, c->id);
    reply_bulk_cstr(c, "mode");
    reply_bulk_cstr(c, "standalone");
    reply_bulk_cstr(c, "role");
    reply_bulk_cstr(c, "master");
    reply_bulk_cstr(c, "modules");
    reply_array(c, 0);
}

void cmd_client_id(struct client *c) {
    reply_integer(c, c->id);
}

void cmd_client_setname(struct client *c) {
    if (set_attribute(&c->name, &c->argv[2]) == -1) {
        reply_error(c, "ERR Client names cannot contain spaces, newlines or special characters.");
        return;
    }
    reply_ok(c);
}

void cmd_client_getname(struct client *c) {
    if (c->name) reply_bulk_cstr(c, c->name);
    else reply_null(c);
}

/* CLIENT SETINFO LIB-NAME|LIB-VER value: Redis 7.2 added it, and client
 * libraries (redis-py, node-redis, go-redis) send it on every connection.
 * We answer as Redis 7.2 does. */
void cmd_client_setinfo(struct client *c) {
    char **slot;
    if (arg_is(&c->argv[2], "lib-name")) slot = &c->lib_name;
    else if (arg_is(&c->argv[2], "lib-ver")) slot = &c->lib_ver;
    else {
        reply_error_format(c, "ERR Unrecognized option '%.*s'", (int)c->argv[2].len, c->argv[2].ptr);
        return;
    }
    if (set_attribute(slot, &c->argv[3]) == -1) {
        reply_error_format(c, "ERR %.*s cannot contain spaces, newlines or special characters.",
                           (int)c->argv[2].len, c->argv[2].ptr);
        return;
    }
    reply_ok(c);
}

void cmd_client_help(struct client *c) {
    static const char *lines[] = {
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        NULL,
    };
    reply_help(c, "CLIENT", lines);
}
