/*
 * Shared code of the libFuzzer harnesses: run one input through the read
 * pipeline as a given collector and check the line accounting.  Included
 * only by the harnesses in fuzz/.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Parse data as type (a collector name, or NULL to sniff); traps on an
 * accounting error.  Returns 0 for libFuzzer. */
int		 fuzz_collector(const char *, const uint8_t *, size_t);
/* Trap unless the input's counts add up (see fuzz_common.c). */
void		 fuzz_check_input(const struct input *);

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif /* FUZZ_H */
