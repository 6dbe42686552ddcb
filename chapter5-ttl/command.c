/* command.c: the command table and dispatch (see command.h). */
#include "command.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "reply.h"
#include "server.h"

static const struct command client_subcommands[] = {
    {"id", cmd_client_id, 2, "noscript loading stale", "@slow @connection", 0, 0, 0,
     "connection", "Returns the unique client ID of the connection.", "5.0.0", NULL},
    {"setname", cmd_client_setname, 3, "noscript loading stale", "@slow @connection", 0, 0, 0,
     "connection", "Sets the connection name.", "2.6.9", NULL},
    {"getname", cmd_client_getname, 2, "noscript loading stale", "@slow @connection", 0, 0, 0,
     "connection", "Returns the name of the connection.", "2.6.9", NULL},
    {"setinfo", cmd_client_setinfo, 4, "noscript loading stale", "@slow @connection", 0, 0, 0,
     "connection", "Sets information specific to the client or connection.", "7.2.0", NULL},
    {"help", cmd_client_help, 2, "loading stale", "@slow @connection", 0, 0, 0,
     "connection", "Returns helpful text about the different subcommands.", "5.0.0", NULL},
    {0},
};

static const struct command config_subcommands[] = {
    {"get", cmd_config_get, -3, "admin noscript loading stale", "@admin @slow @dangerous", 0, 0, 0,
     "server", "Returns the effective values of configuration parameters.", "2.0.0", NULL},
    {"help", cmd_config_help, 2, "loading stale", "@slow", 0, 0, 0,
     "server", "Returns helpful text about the different subcommands.", "5.0.0", NULL},
    {0},
};

static const struct command command_subcommands[] = {
    {"count", cmd_command_count, 2, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns a count of commands.", "2.8.13", NULL},
    {"docs", cmd_command_docs, -2, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns documentary information about one, multiple or all commands.", "7.0.0", NULL},
    {"info", cmd_command_info, -2, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns information about one, multiple or all commands.", "2.8.13", NULL},
    {"list", cmd_command_list, -2, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns a list of command names.", "7.0.0", NULL},
    {"help", cmd_command_help, 2, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns helpful text about the different subcommands.", "5.0.0", NULL},
    {0},
};

const struct command command_table[] = {
    {"ping", cmd_ping, -1, "fast", "@fast @connection", 0, 0, 0,
     "connection", "Returns the server's liveliness response.", "1.0.0", NULL},
    {"echo", cmd_echo, 2, "loading stale fast", "@fast @connection", 0, 0, 0,
     "connection", "Returns the given string.", "1.0.0", NULL},
    {"quit", cmd_quit, -1, "allow_busy noscript loading stale fast no_auth", "@fast @connection", 0, 0, 0,
     "connection", "Closes the connection.", "1.0.0", NULL},
    {"hello", cmd_hello, -1, "noscript loading stale fast no_auth", "@fast @connection", 0, 0, 0,
     "connection", "Handshakes with the Redis server.", "6.0.0", NULL},
    {"client", NULL, -2, "", "@slow", 0, 0, 0,
     "connection", "A container for client connection commands.", "2.4.0", client_subcommands},
    {"info", cmd_info, -1, "loading stale", "@slow @dangerous", 0, 0, 0,
     "server", "Returns information and statistics about the server.", "1.0.0", NULL},
    {"config", NULL, -2, "", "@slow", 0, 0, 0,
     "server", "A container for server configuration commands.", "2.0.0", config_subcommands},
    {"command", cmd_command, -1, "loading stale", "@slow @connection", 0, 0, 0,
     "server", "Returns detailed information about all commands.", "2.8.13", command_subcommands},
    {"dbsize", cmd_dbsize, 1, "readonly fast", "@keyspace @read @fast", 0, 0, 0,
     "server", "Returns the number of keys in the database.", "1.0.0", NULL},
    {"flushdb", cmd_flushdb, -1, "write", "@keyspace @write @slow @dangerous", 0, 0, 0,
     "server", "Removes all keys from the current database.", "1.0.0", NULL},
    {"flushall", cmd_flushall, -1, "write", "@keyspace @write @slow @dangerous", 0, 0, 0,
     "server", "Removes all keys from all databases.", "1.0.0", NULL},

    /* Keys, whatever their value. */
    {"del", cmd_del, -2, "write", "@keyspace @write @slow", 1, -1, 1,
     "generic", "Deletes one or more keys.", "1.0.0", NULL},
    {"exists", cmd_exists, -2, "readonly fast", "@keyspace @read @fast", 1, -1, 1,
     "generic", "Determines whether one or more keys exist.", "1.0.0", NULL},
    {"type", cmd_type, 2, "readonly fast", "@keyspace @read @fast", 1, 1, 1,
     "generic", "Determines the type of value stored at a key.", "1.0.0", NULL},
    {"keys", cmd_keys, 2, "readonly", "@keyspace @read @slow @dangerous", 0, 0, 0,
     "generic", "Returns all key names that match a pattern.", "1.0.0", NULL},

    /* Deadlines. */
    {"expire", cmd_expire, -3, "write fast", "@keyspace @write @fast", 1, 1, 1,
     "generic", "Sets the expiration time of a key in seconds.", "1.0.0", NULL},
    {"pexpire", cmd_pexpire, -3, "write fast", "@keyspace @write @fast", 1, 1, 1,
     "generic", "Sets the expiration time of a key in milliseconds.", "2.6.0", NULL},
    {"expireat", cmd_expireat, -3, "write fast", "@keyspace @write @fast", 1, 1, 1,
     "generic", "Sets the expiration time of a key to a Unix timestamp.", "1.2.0", NULL},
    {"pexpireat", cmd_pexpireat, -3, "write fast", "@keyspace @write @fast", 1, 1, 1,
     "generic", "Sets the expiration time of a key to a Unix milliseconds timestamp.", "2.6.0", NULL},
    {"ttl", cmd_ttl, 2, "readonly fast", "@keyspace @read @fast", 1, 1, 1,
     "generic", "Returns the expiration time in seconds of a key.", "1.0.0", NULL},
    {"pttl", cmd_pttl, 2, "readonly fast", "@keyspace @read @fast", 1, 1, 1,
     "generic", "Returns the expiration time in milliseconds of a key.", "2.6.0", NULL},
    {"expiretime", cmd_expiretime, 2, "readonly fast", "@keyspace @read @fast", 1, 1, 1,
     "generic", "Returns the expiration time of a key as a Unix timestamp.", "7.0.0", NULL},
    {"pexpiretime", cmd_pexpiretime, 2, "readonly fast", "@keyspace @read @fast", 1, 1, 1,
     "generic", "Returns the expiration time of a key as a Unix milliseconds timestamp.", "7.0.0", NULL},
    {"persist", cmd_persist, 2, "write fast", "@keyspace @write @fast", 1, 1, 1,
     "generic", "Removes the expiration time of a key.", "2.2.0", NULL},

    /* Strings. */
    {"get", cmd_get, 2, "readonly fast", "@read @string @fast", 1, 1, 1,
     "string", "Returns the string value of a key.", "1.0.0", NULL},
    {"set", cmd_set, -3, "write denyoom", "@write @string @slow", 1, 1, 1,
     "string", "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
     "1.0.0", NULL},
    {"getdel", cmd_getdel, 2, "write fast", "@write @string @fast", 1, 1, 1,
     "string", "Returns the string value of a key after deleting the key.", "6.2.0", NULL},
    {"mget", cmd_mget, -2, "readonly fast", "@read @string @fast", 1, -1, 1,
     "string", "Atomically returns the string values of one or more keys.", "1.0.0", NULL},
    {"mset", cmd_mset, -3, "write denyoom", "@write @string @slow", 1, -1, 2,
     "string", "Atomically creates or modifies the string values of one or more keys.", "1.0.1", NULL},
    {"strlen", cmd_strlen, 2, "readonly fast", "@read @string @fast", 1, 1, 1,
     "string", "Returns the length of a string value.", "2.2.0", NULL},
    {"append", cmd_append, 3, "write denyoom fast", "@write @string @fast", 1, 1, 1,
     "string", "Appends a string to the value of a key. Creates the key if it doesn't exist.", "2.0.0", NULL},
    {"incr", cmd_incr, 2, "write denyoom fast", "@write @string @fast", 1, 1, 1,
     "string", "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
     "1.0.0", NULL},
    {"decr", cmd_decr, 2, "write denyoom fast", "@write @string @fast", 1, 1, 1,
     "string", "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
     "1.0.0", NULL},
    {"incrby", cmd_incrby, 3, "write denyoom fast", "@write @string @fast", 1, 1, 1,
     "string", "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
     "1.0.0", NULL},
    {"decrby", cmd_decrby, 3, "write denyoom fast", "@write @string @fast", 1, 1, 1,
     "string", "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.",
     "1.0.0", NULL},
    {0},
};

int command_count(void) {
    int n = 0;
    while (command_table[n].name) n++;
    return n;
}

/* A linear scan: every request pays for it, so the first byte is compared
 * before anything else, which rules out almost every row at the cost of one
 * comparison. Table names are lower case; `| 0x20` turns an ASCII capital
 * into its lower-case letter (and leaves lower case as it is). */
static const struct command *find_in(const struct command *table, const char *name, size_t len) {
    if (len == 0) return NULL;
    char first = (char)(name[0] | 0x20);
    for (const struct command *cmd = table; cmd->name; cmd++)
        if (cmd->name[0] == first && strlen(cmd->name) == len && strncasecmp(cmd->name, name, len) == 0)
            return cmd;
    return NULL;
}

const struct command *command_lookup(const char *name, size_t len) {
    return find_in(command_table, name, len);
}

/* Redis formats these messages with "%.128s" on C strings: at most 128
 * bytes, and a '\0' in the argument ends it there. */
static int printable_len(const struct arg *a, int max) {
    const char *nul = memchr(a->ptr, '\0', a->len);
    size_t len = nul ? (size_t)(nul - a->ptr) : a->len;
    return len < (size_t)max ? (int)len : max;
}

static void reply_unknown_command(struct client *c) {
    /* The quoted arguments, up to about 128 bytes of them. */
    char args[512];
    size_t used = 0;
    args[0] = '\0';
    for (int i = 1; i < c->argc && used < 128; i++) {
        int n = printable_len(&c->argv[i], 128 - (int)used);
        used += (size_t)snprintf(args + used, sizeof(args) - used, "'%.*s' ", n, c->argv[i].ptr);
    }
    reply_error_format(c, "ERR unknown command '%.*s', with args beginning with: %s",
                       printable_len(&c->argv[0], 128), c->argv[0].ptr, args);
}

void command_execute(struct client *c) {
    const struct command *cmd = command_lookup(c->argv[0].ptr, c->argv[0].len);
    if (cmd == NULL) {
        reply_unknown_command(c);
        return;
    }
    const struct command *parent = NULL;
    if (cmd->subcommands && c->argc >= 2) {
        parent = cmd;
        cmd = find_in(parent->subcommands, c->argv[1].ptr, c->argv[1].len);
        if (cmd == NULL) {
            char upper[32];
            size_t i;
            for (i = 0; parent->name[i] && i < sizeof(upper) - 1; i++)
                upper[i] = (char)(parent->name[i] - 'a' + 'A');
            upper[i] = '\0';
            reply_error_format(c, "ERR unknown subcommand '%.*s'. Try %s HELP.",
                               printable_len(&c->argv[1], 128), c->argv[1].ptr, upper);
            return;
        }
    }
    if ((cmd->arity > 0 && cmd->arity != c->argc) || c->argc < -cmd->arity) {
        if (parent)
            reply_error_format(c, "ERR wrong number of arguments for '%s|%s' command", parent->name, cmd->name);
        else
            reply_error_format(c, "ERR wrong number of arguments for '%s' command", cmd->name);
        return;
    }
    cmd->proc(c);
    server.stat_commands++; /* after: INFO does not count itself, as in Redis */
}
