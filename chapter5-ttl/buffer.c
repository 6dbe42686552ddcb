/* buffer.c: see buffer.h. */
#include "buffer.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

char *buffer_reserve(struct buffer *b, size_t n) {
    if (b->cap - b->end >= n) return b->data + b->end;

    size_t used = buffer_len(b);
    /* Slide the unread bytes to the front if that alone makes room: cheaper
     * than growing, and it keeps the buffer from creeping forward forever. */
    if (b->start > 0 && b->cap - used >= n) {
        memmove(b->data, b->data + b->start, used);
        b->start = 0;
        b->end = used;
        return b->data + b->end;
    }
    /* Grow to at least double, so appending n bytes one at a time costs
     * O(n) copying in total rather than O(n^2); but a single large request
     * gets exactly what it asks for, not up to twice as much. */
    size_t cap = b->cap ? b->cap * 2 : 1024;
    if (cap < used + n) cap = used + n;
    char *data = malloc(cap);
    if (data == NULL) fatal("out of memory allocating a %zu byte buffer", cap);
    if (used) memcpy(data, b->data + b->start, used);
    free(b->data);
    b->data = data;
    b->cap = cap;
    b->start = 0;
    b->end = used;
    return b->data + b->end;
}

void buffer_commit(struct buffer *b, size_t n) {
    b->end += n;
}

void buffer_append(struct buffer *b, const void *bytes, size_t n) {
    if (n == 0) return;
    memcpy(buffer_reserve(b, n), bytes, n);
    b->end += n;
}

void buffer_consume(struct buffer *b, size_t n) {
    b->start += n;
    if (b->start == b->end) b->start = b->end = 0; /* empty: rewind for free */
}

void buffer_shrink(struct buffer *b, size_t keep) {
    if (buffer_len(b) == 0 && b->cap > keep) {
        free(b->data);
        b->data = NULL;
        b->cap = b->start = b->end = 0;
    }
}

void buffer_free(struct buffer *b) {
    free(b->data);
    b->data = NULL;
    b->cap = b->start = b->end = 0;
}
