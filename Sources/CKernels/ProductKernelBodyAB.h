// The body of one ISA's kernel for `C ← alpha·op(A)·B + beta·C`. Included by
// ProductKernels.c once per ISA with the macros ProductKernelBody.h documents (SR_SUFFIX,
// SR_TARGET, SR_VEC, SR_LANES, SR_VECTORS, SR_ZERO, SR_LOAD, SR_STORE, SR_SET1, SR_FMA,
// SR_MUL) and SR_ROWS, SR_AB_DEPTH, SR_AB_WIDTH from ProductKernels.c. It leaves them
// defined; ProductKernelBody.h, included next, undefines them.

#define SR_AB_CAT2(a, b) a##_##b
#define SR_AB_CAT(a, b) SR_AB_CAT2(a, b)
#define SR_AB_NAME(name) SR_AB_CAT(name, SR_SUFFIX)
#define SR_AB_PANEL (SR_LANES * SR_VECTORS)

/// One register tile of `C`: `rows` (≤ SR_ROWS) rows by `vectors` (≤ SR_VECTORS) vectors,
/// over inner indices [0, np). Row `r` of op(A) at inner index `p` is `a[r·ra + p·pa]`; row
/// `p` of B is `b + p·ldb`. The chains start from 0 (`first`) or from the partial sums in
/// `c`; `last` finishes them: `alpha·s` when `beta` is 0, else `fma(alpha, s, beta·old)`
/// with `old` read from `old` (the caller's C before this call).
SR_TARGET static inline __attribute__((always_inline)) void SR_AB_NAME(ab_tile)(
    int rows, int vectors, long np, const float *a, long ra, long pa, const float *b, long ldb,
    float *c, long ldc, const float *old, int first, int last, float alpha, float beta)
{
    SR_VEC acc[SR_ROWS][SR_VECTORS];
    for (int r = 0; r < SR_ROWS; r++)
        for (int v = 0; v < SR_VECTORS; v++) acc[r][v] = SR_ZERO();
    if (!first)
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < vectors; v++) acc[r][v] = SR_LOAD(c + r * ldc + SR_LANES * v);
    for (long p = 0; p < np; p++) {
        SR_VEC row[SR_VECTORS];
        for (int v = 0; v < vectors; v++) row[v] = SR_LOAD(b + p * ldb + SR_LANES * v);
        for (int r = 0; r < rows; r++) {
            SR_VEC x = SR_SET1(a[r * ra + p * pa]);
            for (int v = 0; v < vectors; v++) acc[r][v] = SR_FMA(x, row[v], acc[r][v]);
        }
    }
    if (!last) {
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < vectors; v++) SR_STORE(c + r * ldc + SR_LANES * v, acc[r][v]);
        return;
    }
    SR_VEC scale = SR_SET1(alpha);
    if (beta == 0.0f) {
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < vectors; v++) SR_STORE(c + r * ldc + SR_LANES * v, SR_MUL(scale, acc[r][v]));
    } else {
        SR_VEC keep = SR_SET1(beta);
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < vectors; v++)
                SR_STORE(c + r * ldc + SR_LANES * v,
                         SR_FMA(scale, acc[r][v], SR_MUL(keep, SR_LOAD(old + r * ldc + SR_LANES * v))));
    }
}

/// Rows and vectors of the tile as compile-time constants, so the accumulators stay in
/// registers.
SR_TARGET static void SR_AB_NAME(ab_tile_any)(
    int rows, int vectors, long np, const float *a, long ra, long pa, const float *b, long ldb,
    float *c, long ldc, const float *old, int first, int last, float alpha, float beta)
{
#define SR_AB_TILE(R, V) SR_AB_NAME(ab_tile)(R, V, np, a, ra, pa, b, ldb, c, ldc, old, first, last, alpha, beta)
    if (vectors == SR_VECTORS) {
        switch (rows) {
        case 6: SR_AB_TILE(6, SR_VECTORS); break;
        case 5: SR_AB_TILE(5, SR_VECTORS); break;
        case 4: SR_AB_TILE(4, SR_VECTORS); break;
        case 3: SR_AB_TILE(3, SR_VECTORS); break;
        case 2: SR_AB_TILE(2, SR_VECTORS); break;
        default: SR_AB_TILE(1, SR_VECTORS); break;
        }
    } else {
        switch (rows) {
        case 6: SR_AB_TILE(6, 1); break;
        case 5: SR_AB_TILE(5, 1); break;
        case 4: SR_AB_TILE(4, 1); break;
        case 3: SR_AB_TILE(3, 1); break;
        case 2: SR_AB_TILE(2, 1); break;
        default: SR_AB_TILE(1, 1); break;
        }
    }
#undef SR_AB_TILE
}

/// `C ← alpha·op(A)·B + beta·C`, B read in place: inner indices in blocks of SR_AB_DEPTH
/// (in increasing order, so every chain runs p = 0, 1, …), columns in panels of
/// SR_AB_WIDTH that stay in cache while every row tile passes over them.
/// With `beta ≠ 0` the inner dimension is one block, so C holds no partial sums.
SR_TARGET static void SR_AB_NAME(product_ab)(
    int transpose_a, long m, long n, long k, float alpha, const float *a, long lda,
    const float *b, long ldb, float beta, float *c, long ldc)
{
    long ra = transpose_a ? 1 : lda, pa = transpose_a ? lda : 1;
    long depth = beta != 0.0f || k <= SR_AB_DEPTH ? (k > 0 ? k : 1) : SR_AB_DEPTH;
    long width = SR_AB_WIDTH;
    if (k == 0) {
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
        return;
    }
    for (long p0 = 0; p0 < k; p0 += depth) {
        long np = k - p0 < depth ? k - p0 : depth;
        int first = p0 == 0, last = p0 + np == k;
        const float *ap = a + p0 * pa;
        const float *bp = b + p0 * ldb;
        for (long j0 = 0; j0 < n; j0 += width) {
            long nw = n - j0 < width ? n - j0 : width;
            for (long i = 0; i < m; i += SR_ROWS) {
                int rows = m - i < SR_ROWS ? (int)(m - i) : SR_ROWS;
                const float *ai = ap + i * ra;
                float *ci = c + i * ldc + j0;
                long j = 0;
                for (; j + SR_AB_PANEL <= nw; j += SR_AB_PANEL)
                    SR_AB_NAME(ab_tile_any)(rows, SR_VECTORS, np, ai, ra, pa, bp + j0 + j, ldb, ci + j, ldc, ci + j,
                                            first, last, alpha, beta);
                for (; j + SR_LANES <= nw; j += SR_LANES)
                    SR_AB_NAME(ab_tile_any)(rows, 1, np, ai, ra, pa, bp + j0 + j, ldb, ci + j, ldc, ci + j,
                                            first, last, alpha, beta);
                for (; j < nw; j++)
                    for (int r = 0; r < rows; r++) {
                        float *entry = ci + r * ldc + j;
                        float s = first ? 0.0f : *entry;
                        for (long p = 0; p < np; p++) s = fmaf(ai[r * ra + p * pa], bp[p * ldb + j0 + j], s);
                        if (!last) *entry = s;
                        else *entry = beta == 0.0f ? alpha * s : fmaf(alpha, s, beta * *entry);
                    }
            }
        }
    }
}

#undef SR_AB_PANEL
#undef SR_AB_NAME
#undef SR_AB_CAT
#undef SR_AB_CAT2
