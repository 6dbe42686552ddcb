/*
 * command.h: the command table, and running a parsed request.
 *
 * Each command is one row: its name, its arity, the function that runs it,
 * and what COMMAND INFO / COMMAND DOCS tell clients about it. Arity follows
 * Redis's convention, counting the command name itself:
 *
 *     arity  2   exactly 2 arguments      ECHO message
 *     arity -1   at least 1 argument      PING [message]
 *
 * Container commands (CLIENT, CONFIG, COMMAND) have a table of subcommands,
 * looked up by the second argument: CLIENT SETNAME is its own row, with its
 * own arity, and its own name in errors ('client|setname').
 */
#ifndef COMMAND_H
#define COMMAND_H

#include <stddef.h>

struct client;

typedef void command_proc(struct client *c);

struct command {
    const char *name;     /* lower case */
    command_proc *proc;
    int arity;
    const char *flags;    /* for COMMAND INFO: "fast loading stale" */
    const char *acl;      /* ACL categories: "@fast @connection" */
    int first_key, last_key, key_step; /* which arguments are keys (0: none) */
    const char *group;    /* for COMMAND DOCS */
    const char *summary;
    const char *since;
    const struct command *subcommands; /* NULL, or a table ending in {0} */
};

/* Run the request in c->argc / c->argv: look the command up, check its
 * arity, call it. Errors are replied to the client. */
void command_execute(struct client *c);

/* The table (ending in an all-zero row), for COMMAND. */
extern const struct command command_table[];
int command_count(void);
const struct command *command_lookup(const char *name, size_t len);

/* The commands themselves, in cmd_*.c. */
command_proc cmd_ping, cmd_echo, cmd_quit, cmd_hello;
command_proc cmd_client_id, cmd_client_setname, cmd_client_getname, cmd_client_setinfo,
    cmd_client_help;
command_proc cmd_info, cmd_config_get, cmd_config_help;
command_proc cmd_command, cmd_command_count, cmd_command_info, cmd_command_docs,
    cmd_command_list, cmd_command_help;
command_proc cmd_set, cmd_get, cmd_getdel, cmd_mget, cmd_mset, cmd_strlen, cmd_append,
    cmd_incr, cmd_decr, cmd_incrby, cmd_decrby;
command_proc cmd_del, cmd_exists, cmd_type, cmd_keys, cmd_dbsize, cmd_flushdb, cmd_flushall;
command_proc cmd_expire, cmd_pexpire, cmd_expireat, cmd_pexpireat, cmd_ttl, cmd_pttl, cmd_expiretime,
    cmd_pexpiretime, cmd_persist;

#endif
