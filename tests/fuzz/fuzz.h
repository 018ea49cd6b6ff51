/* fuzz.h - the libFuzzer entry point every harness defines. Built with
 * -fsanitize=fuzzer when ZA_FUZZ=ON, otherwise linked with driver.c, which
 * replays the corpus and a fixed number of deterministic mutations of it (so
 * every harness runs in the normal and the sanitizer test suites). */
#ifndef ZA_FUZZ_H
#define ZA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
