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
