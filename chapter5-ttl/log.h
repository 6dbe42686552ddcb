/*
 * log.h: logging in redis-server's format, so the two logs read alike:
 *
 *     12345:M 23 Nov 2026 09:30:00.123 * Ready to accept connections tcp
 *
 * The character after the time is the level: '-' verbose, '*' notice,
 * '#' warning. Verbose lines are printed only with --loglevel verbose (or
 * --verbose), and cost a single comparison when off.
 */
#ifndef LOG_H
#define LOG_H

enum log_level { LOG_VERBOSE, LOG_NOTICE, LOG_WARNING };

extern enum log_level log_min_level;

void log_at(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_verbose(...) \
    do { if (log_min_level <= LOG_VERBOSE) log_at(LOG_VERBOSE, __VA_ARGS__); } while (0)
#define log_notice(...) log_at(LOG_NOTICE, __VA_ARGS__)
#define log_warning(...) log_at(LOG_WARNING, __VA_ARGS__)

/* Log a warning and exit(1): for errors the server cannot go on after. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
