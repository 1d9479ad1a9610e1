#ifndef SPECTRAL_REPORT_CKERNELS_H
#define SPECTRAL_REPORT_CKERNELS_H

/// Hand-written product kernels for the shapes training runs, where OpenBLAS 0.3.21 loses
/// time repacking the weight matrix on every call.

/// Which instructions a kernel uses.
typedef enum {
    /// Plain C with `fmaf`: the reference the vector kernels are tested against.
    sr_isa_portable = 0,
    /// AVX2 and FMA, 8 lanes.
    sr_isa_avx2 = 1,
    /// AVX-512F, 16 lanes.
    sr_isa_avx512 = 2,
} sr_isa;

/// `C ← alpha · A · Bᵀ` for row-major `A` (m × k), `B` (n × k) and `C` (m × n).
///
/// Every entry is `alpha · s`, where `s` is the chain of fused multiply-adds
/// `s ← fma(A[i][p], B[j][p], s)` for p = 0, 1, …, k−1 from s = 0. The kernels differ only in
/// how many chains they run at once, so every ISA, and every way of cutting `C` into blocks,
/// gives the same bits.
///
/// The caller must only pass an ISA the CPU runs. Returns 0, or -1 when scratch memory (about
/// 64·(1024 + n) floats) cannot be allocated, in which case `C` is unchanged.
int sr_product_abt(sr_isa isa, long m, long n, long k, float alpha,
                   const float *a, long lda, const float *b, long ldb, float *c, long ldc);

#endif
