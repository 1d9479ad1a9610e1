#ifndef SPECTRAL_REPORT_CSYSTEMINFO_H
#define SPECTRAL_REPORT_CSYSTEMINFO_H
#include <stdint.h>

/// The four registers CPUID returns for one leaf and sub-leaf.
typedef struct {
    uint32_t eax, ebx, ecx, edx;
} sr_cpuid_registers;

/// Runs CPUID for `leaf`/`subleaf`. Returns 0 when the leaf is beyond the highest one the CPU
/// supports (or on a CPU without CPUID, e.g. not x86), 1 otherwise.
int sr_cpuid(uint32_t leaf, uint32_t subleaf, sr_cpuid_registers *out);

/// Reads XCR0 (which register states the OS saves), or 0 where XGETBV is unavailable.
uint64_t sr_xgetbv0(void);

/// Replaces the process image with `path` and `argv`, environment unchanged. Returns only
/// on failure, with errno's value.
int sr_reexec(const char *path, char *const argv[]);
/// Asks glibc to keep freed large blocks in the heap instead of unmapping them, so that
/// buffers allocated again and again do not fault every page in anew. No-op elsewhere.
void sr_keep_freed_memory(void);

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`): every reader sees
/// either the old or the new entry, never neither. Returns 0, or -1 with errno (`EINVAL` or
/// `ENOSYS` where the filesystem or kernel cannot exchange).
int sr_exchange_paths(const char *a, const char *b);
#endif
