/*
 * cmd_server.c: commands about the server: INFO, CONFIG GET, COMMAND.
 *
 * redis-cli, redis-benchmark and the client libraries ask these questions
 * when they start (ioredis will not connect without INFO; redis-cli asks
 * COMMAND DOCS for its hints). The answers follow Redis's formats.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "command.h"
#include "config.h"
#include "eventloop.h"
#include "glob.h"
#include "reply.h"
#include "server.h"

/* ------------------------------------------------------------------------
 * INFO [section ...]
 * ------------------------------------------------------------------------ */

static void info_printf(struct buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void info_printf(struct buffer *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buffer_reserve(b, 256), 256, fmt, ap);
    va_end(ap);
    if (n >= 256) { /* did not fit: make room and format again */
        va_start(ap, fmt);
        vsnprintf(buffer_reserve(b, (size_t)n + 1), (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    buffer_commit(b, (size_t)n);
}

static long long now_us(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void info_server(struct buffer *b) {
    struct utsname u;
    uname(&u);
    long long uptime = (now_us() / 1000 - server.start_time_ms) / 1000;
    info_printf(b, "redis_version:7.0.15\r\n");
    info_printf(b, "redis_mode:standalone\r\n");
    info_printf(b, "os:%s %s %s\r\n", u.sysname, u.release, u.machine);
    info_printf(b, "arch_bits:%d\r\n", (int)(sizeof(void *) * 8));
    info_printf(b, "multiplexing_api:%s\r\n", loop_poller_name());
    info_printf(b, "process_id:%ld\r\n", (long)getpid());
    info_printf(b, "run_id:%s\r\n", server.run_id);
    info_printf(b, "tcp_port:%d\r\n", config.port);
    info_printf(b, "server_time_usec:%lld\r\n", now_us());
    info_printf(b, "uptime_in_seconds:%lld\r\n", uptime);
    info_printf(b, "uptime_in_days:%lld\r\n", uptime / 86400);
    info_printf(b, "executable:%s\r\n", server.executable);
    info_printf(b, "config_file:\r\n");
}

static void info_clients(struct buffer *b) {
    info_printf(b, "connected_clients:%d\r\n", server.connected_clients);
    info_printf(b, "cluster_connections:0\r\n");
    info_printf(b, "maxclients:%d\r\n", config.maxclients);
    info_printf(b, "blocked_clients:0\r\n");
    info_printf(b, "tracking_clients:0\r\n");
}

/* The sections, in the order INFO prints them. Later chapters add rows. */
static const struct {
    const char *name;  /* lower case, as requested */
    const char *title; /* as printed after "# " */
    void (*generate)(struct buffer *b);
} info_sections[] = {
    {"server", "Server", info_server},
    {"clients", "Clients", info_clients},
};
#define INFO_SECTIONS ((int)(sizeof(info_sections) / sizeof(info_sections[0])))

static int section_requested(struct client *c, const char *name) {
    if (c->argc == 1) return 1; /* no arguments: the default sections */
    for (int i = 1; i < c->argc; i++) {
        const struct arg *a = &c->argv[i];
        if (arg_is(a, name) || arg_is(a, "all") || arg_is(a, "default") || arg_is(a, "everything"))
            return 1;
    }
    return 0;
}

void cmd_info(struct client *c) {
    struct buffer text = {0};
    int first = 1;
    for (int i = 0; i < INFO_SECTIONS; i++) {
        if (!section_requested(c, info_sections[i].name)) continue;
        /* A blank line between sections, none at the end. */
        info_printf(&text, "%s# %s\r\n", first ? "" : "\r\n", info_sections[i].title);
        info_sections[i].generate(&text);
        first = 0;
    }
    reply_verbatim(c, buffer_begin(&text), buffer_len(&text));
    buffer_free(&text);
}

/* ------------------------------------------------------------------------
 * CONFIG GET pattern [pattern ...]
 * ------------------------------------------------------------------------ */

static int is_glob(const struct arg *a) {
    for (size_t i = 0; i < a->len; i++)
        if (a->ptr[i] != '\0' && strchr("*?[\\", a->ptr[i])) return 1;
    return 0;
}

void cmd_config_get(struct client *c) {
    enum { MAX_PARAMS = 64 }; /* parameters are few: one slot each */
    const struct arg *asked_as[MAX_PARAMS] = {0}; /* how the reply names it */
    char matched[MAX_PARAMS] = {0};
    int n = config_count(), count = 0;
    if (n > MAX_PARAMS) n = MAX_PARAMS;
    for (int i = 0; i < n; i++) {
        const char *name;
        char value[256];
        if (!config_get(i, &name, value, sizeof(value))) continue;
        for (int j = 2; j < c->argc && !matched[i]; j++) {
            const struct arg *pattern = &c->argv[j];
            if (!glob_match(pattern->ptr, pattern->len, name, strlen(name), 1)) continue;
            /* A plain name (no wildcards) comes back spelled the way it was
             * asked for, "PORT" for "PORT", as Redis does; a pattern's
             * matches come back under their own names. */
            if (!is_glob(pattern)) asked_as[i] = pattern;
            matched[i] = 1;
            count++;
        }
    }
    reply_map(c, count);
    for (int i = 0; i < n; i++) {
        if (!matched[i]) continue;
        const char *name;
        char value[256];
        config_get(i, &name, value, sizeof(value));
        if (asked_as[i]) reply_bulk(c, asked_as[i]->ptr, asked_as[i]->len);
        else reply_bulk_cstr(c, name);
        reply_bulk_cstr(c, value);
    }
}

void cmd_config_help(struct client *c) {
    static const char *lines[] = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        NULL,
    };
    reply_help(c, "CONFIG", lines);
}

/* ------------------------------------------------------------------------
 * COMMAND [COUNT | INFO name... | DOCS name... | LIST | HELP]
 * ------------------------------------------------------------------------ */

/* A space-separated word list ("fast loading") as a set of simple strings. */
static void reply_words(struct client *c, const char *words) {
    int n = 0;
    for (const char *p = words; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        n++;
        while (*p && *p != ' ') p++;
    }
    reply_set(c, n);
    char word[64];
    for (const char *p = words; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        size_t len = strcspn(p, " ");
        snprintf(word, sizeof(word), "%.*s", (int)len, p);
        reply_simple(c, word);
        p += len;
    }
}

static int table_size(const struct command *table) {
    int n = 0;
    while (table && table[n].name) n++;
    return n;
}

/* One command as COMMAND INFO describes it: ten fields, the last being its
 * subcommands described the same way. */
static void reply_command_info(struct client *c, const struct command *cmd, const char *parent) {
    char name[64];
    if (parent) snprintf(name, sizeof(name), "%s|%s", parent, cmd->name);
    else snprintf(name, sizeof(name), "%s", cmd->name);
    reply_array(c, 10);
    reply_bulk_cstr(c, name);
    reply_integer(c, cmd->arity);
    reply_words(c, cmd->flags);
    reply_integer(c, cmd->first_key);
    reply_integer(c, cmd->last_key);
    reply_integer(c, cmd->key_step);
    reply_words(c, cmd->acl);
    reply_array(c, 0); /* tips */
    reply_array(c, 0); /* key specifications */
    int subs = table_size(cmd->subcommands);
    reply_array(c, subs);
    for (int i = 0; i < subs; i++) reply_command_info(c, &cmd->subcommands[i], cmd->name);
}

static void reply_command_docs(struct client *c, const struct command *cmd, const char *parent) {
    char name[64];
    if (parent) snprintf(name, sizeof(name), "%s|%s", parent, cmd->name);
    else snprintf(name, sizeof(name), "%s", cmd->name);
    int subs = table_size(cmd->subcommands);
    reply_bulk_cstr(c, name);
    reply_map(c, subs ? 4 : 3);
    reply_bulk_cstr(c, "summary");
    reply_bulk_cstr(c, cmd->summary);
    reply_bulk_cstr(c, "since");
    reply_bulk_cstr(c, cmd->since);
    reply_bulk_cstr(c, "group");
    reply_bulk_cstr(c, cmd->group);
    if (subs) {
        reply_bulk_cstr(c, "subcommands");
        reply_map(c, subs);
        for (int i = 0; i < subs; i++) reply_command_docs(c, &cmd->subcommands[i], cmd->name);
    }
}

void cmd_command(struct client *c) {
    int n = command_count();
    reply_array(c, n);
    for (int i = 0; i < n; i++) reply_command_info(c, &command_table[i], NULL);
}

void cmd_command_count(struct client *c) {
    reply_integer(c, command_count());
}

void cmd_command_info(struct client *c) {
    if (c->argc == 2) {
        cmd_command(c);
        return;
    }
    reply_array(c, c->argc - 2);
    for (int i = 2; i < c->argc; i++) {
        const struct command *cmd = command_lookup(c->argv[i].ptr, c->argv[i].len);
        if (cmd) reply_command_info(c, cmd, NULL);
        else reply_null(c);
    }
}

void cmd_command_docs(struct client *c) {
    if (c->argc == 2) {
        int n = command_count();
        reply_map(c, n);
        for (int i = 0; i < n; i++) reply_command_docs(c, &command_table[i], NULL);
        return;
    }
    /* Only the commands that exist are in the map. */
    int found = 0;
    for (int i = 2; i < c->argc; i++)
        if (command_lookup(c->argv[i].ptr, c->argv[i].len)) found++;
    reply_map(c, found);
    for (int i = 2; i < c->argc; i++) {
        const struct command *cmd = command_lookup(c->argv[i].ptr, c->argv[i].len);
        if (cmd) reply_command_docs(c, cmd, NULL);
    }
}

void cmd_command_list(struct client *c) {
    if (c->argc > 2) {
        reply_error(c, "ERR syntax error");
        return;
    }
    int n = command_count();
    reply_array(c, n);
    for (int i = 0; i < n; i++) reply_bulk_cstr(c, command_table[i].name);
}

void cmd_command_help(struct client *c) {
    static const char *lines[] = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        NULL,
    };
    reply_help(c, "COMMAND", lines);
}
