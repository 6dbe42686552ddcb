/*
 * replay.c: a main() that runs a fuzz target once on each file named on
 * the command line (directories: each file in them), with no fuzzing.
 *
 * libFuzzer's own binaries do the same when given files, and fuzz/run
 * uses those when it can. This driver is for a machine whose compiler has
 * no libFuzzer (gcc, or clang without its runtime): the targets build with
 * it and plain AddressSanitizer, so `fuzz/run --regress` still replays the
 * corpus and the regressions there.
 */
#define _DEFAULT_SOURCE /* d_type */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int files;

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t n;
    while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) data = realloc(data, cap *= 2);
    }
    fclose(f);
    if (data == NULL) return 1;
    /* An exact-size copy, so ASan catches a read one byte past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact == NULL) return 1;
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    files++;
    return 0;
}

static int run_path(const char *path) {
    struct stat st;
    if (stat(path, &st) == -1) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(path);
    DIR *dir = opendir(path);
    if (dir == NULL) {
        perror(path);
        return 1;
    }
    int status = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.') continue;
        char child[4096];
        snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
        status |= run_path(child);
    }
    closedir(dir);
    return status;
}

int main(int argc, char **argv) {
    int status = 0;
    for (int i = 1; i < argc; i++) status |= run_path(argv[i]);
    printf("replayed %d inputs\n", files);
    return status;
}
