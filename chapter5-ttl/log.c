/* log.c: see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum log_level log_min_level = LOG_NOTICE;

static void log_va(enum log_level level, const char *fmt, va_list ap) {
    static const char marks[] = {'-', '*', '#'};
    char when[64];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    size_t n = strftime(when, sizeof(when), "%d %b %Y %H:%M:%S", &tm);
    snprintf(when + n, sizeof(when) - n, ".%03d", (int)(tv.tv_usec / 1000));

    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    /* One printf per line, then flush: a log is useless if it is still in a
     * buffer when the process dies. */
    printf("%d:M %s %c %s\n", (int)getpid(), when, marks[level], msg);
    fflush(stdout);
}

void log_at(enum log_level level, const char *fmt, ...) {
    if (level < log_min_level) return;
    va_list ap;
    va_start(ap, fmt);
    log_va(level, fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    log_va(LOG_WARNING, fmt, ap);
    va_end(ap);
    exit(1);
}
