#include "CKernels.h"
#include <math.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// Rows of `A` whose transpose is packed at once (the columns of `Cᵀ`, a batch in training).
#define SR_CHUNK_ROWS 64
/// Inner indices packed at once: 64 × 1024 floats (256 KiB) stay in L2.
#define SR_DEPTH 1024
#define SR_ROWS 6
/// `op(A)·B`: inner indices per pass over a panel of B, and the panel's columns (a multiple
/// of every ISA's register tile); 256 × 256 floats (256 KiB) stay in L2.
#define SR_AB_DEPTH 256
#define SR_AB_WIDTH 256

// Portable: one lane, the reference.

/// `dst[c·ldd + r] = src[r·lds + c]` for r < rows, c < cols: the packing of `Aᵀ` and the
/// transpose of `Cᵀ` into `C` in `product_abt`. Data movement only, so it never changes a
/// bit; compiled loops of this shape become scatters or gathers, which cost more than the
/// narrow products (the input and output layers) on Zen 4, hence 8 × 8 blocks in registers.
static void transpose_portable(const float *src, long lds, float *dst, long ldd, long rows, long cols)
{
    for (long r = 0; r < rows; r++)
        for (long c = 0; c < cols; c++) dst[c * ldd + r] = src[r * lds + c];
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static inline void transpose8x8_avx2(const float *s, long ls, float *d, long ld)
{
    __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ls), r2 = _mm256_loadu_ps(s + 2 * ls), r3 = _mm256_loadu_ps(s + 3 * ls);
    __m256 r4 = _mm256_loadu_ps(s + 4 * ls), r5 = _mm256_loadu_ps(s + 5 * ls), r6 = _mm256_loadu_ps(s + 6 * ls), r7 = _mm256_loadu_ps(s + 7 * ls);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)), u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)), u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0)), u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0)), u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + ld, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * ld, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * ld, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * ld, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * ld, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * ld, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * ld, _mm256_permute2f128_ps(u3, u7, 0x31));
}

__attribute__((target("avx2,fma"))) static void transpose_avx2(const float *src, long lds, float *dst, long ldd, long rows, long cols)
{
    long r8 = rows - rows % 8, c8 = cols - cols % 8;
    for (long r = 0; r < r8; r += 8)
        for (long c = 0; c < c8; c += 8) transpose8x8_avx2(src + r * lds + c, lds, dst + c * ldd + r, ldd);
    for (long r = 0; r < r8; r++)
        for (long c = c8; c < cols; c++) dst[c * ldd + r] = src[r * lds + c];
    for (long r = r8; r < rows; r++)
        for (long c = 0; c < cols; c++) dst[c * ldd + r] = src[r * lds + c];
}
#endif

#define SR_SUFFIX portable
#define SR_TARGET
#define SR_VEC float
#define SR_LANES 1
#define SR_VECTORS 4
#define SR_ZERO() 0.0f
#define SR_LOAD(p) (*(p))
#define SR_STORE(p, v) (*(p) = (v))
#define SR_SET1(x) (x)
#define SR_FMA(a, b, c) fmaf(a, b, c)
#define SR_MUL(a, b) ((a) * (b))
#define SR_TRANSPOSE transpose_portable
#include "ProductKernelBodyAB.h"
#include "ProductKernelBody.h"

#if defined(__x86_64__)
// AVX2 + FMA: 6 × 2 accumulators of 8 lanes, 16 columns of Cᵀ per tile.
#define SR_SUFFIX avx2
#define SR_TARGET __attribute__((target("avx2,fma")))
#define SR_VEC __m256
#define SR_LANES 8
#define SR_VECTORS 2
#define SR_ZERO() _mm256_setzero_ps()
#define SR_LOAD(p) _mm256_loadu_ps(p)
#define SR_STORE(p, v) _mm256_storeu_ps(p, v)
#define SR_SET1(x) _mm256_set1_ps(x)
#define SR_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SR_MUL(a, b) _mm256_mul_ps(a, b)
#define SR_TRANSPOSE transpose_avx2
#include "ProductKernelBodyAB.h"
#include "ProductKernelBody.h"

// AVX-512: 6 × 4 accumulators of 16 lanes, 64 columns of Cᵀ (a batch of 64) per tile.
#define SR_SUFFIX avx512
#define SR_TARGET __attribute__((target("avx512f,avx2,fma")))
#define SR_VEC __m512
#define SR_LANES 16
#define SR_VECTORS 4
#define SR_ZERO() _mm512_setzero_ps()
#define SR_LOAD(p) _mm512_loadu_ps(p)
#define SR_STORE(p, v) _mm512_storeu_ps(p, v)
#define SR_SET1(x) _mm512_set1_ps(x)
#define SR_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SR_MUL(a, b) _mm512_mul_ps(a, b)
#define SR_TRANSPOSE transpose_avx2
#include "ProductKernelBodyAB.h"
#include "ProductKernelBody.h"
#endif

int sr_product_abt(sr_isa isa, long m, long n, long k, float alpha,
                   const float *a, long lda, const float *b, long ldb, float *c, long ldc)
{
    if (m <= 0 || n <= 0) return 0;
    if (n <= 2) {
        switch (isa) {
#if defined(__x86_64__)
        case sr_isa_avx512: product_abt_narrow_avx512(m, n, k, alpha, a, lda, b, ldb, c, ldc); break;
        case sr_isa_avx2: product_abt_narrow_avx2(m, n, k, alpha, a, lda, b, ldb, c, ldc); break;
#endif
        default: product_abt_narrow_portable(m, n, k, alpha, a, lda, b, ldb, c, ldc); break;
        }
        return 0;
    }
    long chunk = m < SR_CHUNK_ROWS ? m : SR_CHUNK_ROWS;
    long depth = k < SR_DEPTH ? (k > 0 ? k : 1) : SR_DEPTH;
    float *at = malloc(sizeof(float) * (size_t)(chunk * depth));
    float *ct = malloc(sizeof(float) * (size_t)(chunk * n));
    if (!at || !ct) {
        free(at);
        free(ct);
        return -1;
    }
    switch (isa) {
#if defined(__x86_64__)
    case sr_isa_avx512: product_abt_avx512(m, n, k, alpha, a, lda, b, ldb, c, ldc, at, ct); break;
    case sr_isa_avx2: product_abt_avx2(m, n, k, alpha, a, lda, b, ldb, c, ldc, at, ct); break;
#endif
    default: product_abt_portable(m, n, k, alpha, a, lda, b, ldb, c, ldc, at, ct); break;
    }
    free(at);
    free(ct);
    return 0;
}

int sr_product_ab(sr_isa isa, int transpose_a, long m, long n, long k, float alpha,
                  const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc)
{
    if (m <= 0 || n <= 0) return 0;
    switch (isa) {
#if defined(__x86_64__)
    case sr_isa_avx512: product_ab_avx512(transpose_a, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); break;
    case sr_isa_avx2: product_ab_avx2(transpose_a, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); break;
#endif
    default: product_ab_portable(transpose_a, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); break;
    }
    return 0;
}
