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

/// `C ← alpha · op(A) · B + beta · C` for row-major `op(A)` (m × k; `A` is k × m when
/// `transpose_a`), `B` (k × n) and `C` (m × n): the backward products `G·W` and `Gᵀ·H`, and
/// the SGD update fused into the latter (`beta = 1`).
///
/// Every entry is a chain `s ← fma(op(A)[i][p], B[p][j], s)` for p = 0, 1, …, k−1 from
/// s = 0, finished as `alpha · s` when `beta` is 0 (C is then never read) and as
/// `fma(alpha, s, beta · C[i][j])` otherwise. The rows of `B` (the weights, for `G·W`) are
/// read in place. Like `sr_product_abt`, every ISA and every cut into blocks gives the same
/// bits. Returns 0.
int sr_product_ab(sr_isa isa, int transpose_a, long m, long n, long k, float alpha,
                  const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc);

/// Element-wise functions with a fixed sequence of IEEE operations (no libm, no FMA
/// contraction): the same bits on every x86-64 CPU. Float functions evaluate in double and
/// round once, so they are within about half an ulp of the true value.

/// `e^x` in double, about 1 ulp.
double sr_exp(double x);
/// `ln x` in double, about 1 ulp; −∞ at 0, NaN below.
double sr_log(double x);
/// `erf x` in double, within about 1e-15 (absolute).
double sr_erf(double x);
/// `e^x` in single precision.
float sr_expf(float x);
/// `ln x` in single precision.
float sr_logf(float x);
/// `y[i] = tanh(x[i])`.
void sr_tanh(const float *x, float *y, long n);
/// `y[i] = x[i] · Φ(x[i])` (exact GELU, Φ the standard normal distribution function).
void sr_gelu(const float *x, float *y, long n);
/// `g[i] ← g[i] · (Φ(z[i]) + z[i] · φ(z[i]))`, the GELU derivative.
void sr_gelu_backward(const float *z, float *g, long n);
/// `g[i] ← z[i] ≤ 0 ? 0 : g[i]`, branch-free (a NaN `z` keeps its gradient).
void sr_relu_backward(const float *z, float *g, long n);

/// `out ← F Fᵀ` in double for row-major `F` (k × width), both triangles: entry (i, j) is
/// `Σ_p F[i][p]·F[j][p]` summed in eight interleaved partial sums (p mod 8) added in a fixed
/// order, the same bits on every CPU.
void sr_gram_double(const float *f, long k, long width, double *out);

#endif
