/* command.c: the command table and dispatch (see command.h). */
#include "command.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "reply.h"

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
}
