/* The fuzz targets' one interface.  Each tests/fuzz/fuzz-NAME.c defines
 * LLVMFuzzerTestOneInput() for one parser of outside input and names its
 * corpus folder (tests/fuzz/corpus/NAME).  Built two ways:
 *
 *   ./configure --enable-fuzz   clang -fsanitize=fuzzer,address: a libFuzzer
 *                               binary tests/fuzz/fuzz-NAME (bench/fuzz.sh)
 *   always                      tests/fuzz/replay-NAME: replay.c's main()
 *                               runs every file of the corpus (seeds and the
 *                               reproducers of past findings, repro-*) once,
 *                               as a TAP test of `make check`.
 *
 * A property a target checks (an invariant of the parser) fails with
 * fuzz_fail(), which aborts: a finding, like a crash. */
#ifndef SW_FUZZ_H
#define SW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

extern const char fuzz_name[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (its bytes up to the first NUL).
 * Caller frees. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* Splits the input at lines "%%" into at most max parts (NUL-terminated
 * copies, caller frees each).  Returns how many. */
size_t fuzz_split(const uint8_t *data, size_t size, char **parts, size_t max);

/* Reports a broken property with the input's size and aborts. */
void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
