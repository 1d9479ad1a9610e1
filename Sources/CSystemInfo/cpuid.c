#include "CSystemInfo.h"
#include <errno.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

int sr_cpuid(uint32_t leaf, uint32_t subleaf, sr_cpuid_registers *out) {
    unsigned int highest = __get_cpuid_max(leaf & 0x80000000u, 0);
    if (highest == 0 || leaf > highest) return 0;
    unsigned int a, b, c, d;
    __cpuid_count(leaf, subleaf, a, b, c, d);
    out->eax = a; out->ebx = b; out->ecx = c; out->edx = d;
    return 1;
}

uint64_t sr_xgetbv0(void) {
    sr_cpuid_registers r;
    if (!sr_cpuid(1, 0, &r)) return 0;
    if (!(r.ecx & (1u << 27))) return 0; // OSXSAVE: XGETBV is usable
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}
#else
int sr_cpuid(uint32_t leaf, uint32_t subleaf, sr_cpuid_registers *out) {
    (void)leaf; (void)subleaf; (void)out;
    return 0;
}
uint64_t sr_xgetbv0(void) { return 0; }
#endif

int sr_reexec(const char *path, char *const argv[]) {
    execv(path, argv);
    return errno;
}

void sr_keep_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

#if defined(__linux__)
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
int sr_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#else
#include <errno.h>
int sr_exchange_paths(const char *a, const char *b) {
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
}
#endif
