// The body of one ISA's product kernel. Included by ProductKernels.c once per ISA with these
// macros defined (and undefined again at the end, ready for the next ISA):
//   SR_SUFFIX            name suffix (portable, avx2, avx512)
//   SR_TARGET            function attribute naming the target features
//   SR_VEC, SR_LANES     the vector type and its float count
//   SR_ZERO(), SR_LOAD(p), SR_STORE(p, v), SR_SET1(x), SR_FMA(a, b, c), SR_MUL(a, b)
//   SR_VECTORS           vectors per row of the register tile (columns of Cᵀ, rows of A)
//   SR_TRANSPOSE         the transpose that packs Aᵀ and writes Cᵀ into C (ProductKernels.c)
// and, for every ISA alike, SR_ROWS (rows of the register tile: rows of B and of Cᵀ),
// SR_CHUNK_ROWS and SR_DEPTH (see ProductKernels.c).

#define SR_CAT2(a, b) a##_##b
#define SR_CAT(a, b) SR_CAT2(a, b)
#define SR_NAME(name) SR_CAT(name, SR_SUFFIX)
#define SR_PANEL (SR_LANES * SR_VECTORS)

/// One register tile of `Cᵀ`: rows `rows` (≤ SR_ROWS) by `vectors` (≤ SR_VECTORS) vectors.
/// `acc ← (first ? 0 : ct) + Σ_p b[r][p] · at[p][·]`, stored back (times alpha when last).
SR_TARGET static inline __attribute__((always_inline)) void SR_NAME(tile)(
    int rows, int vectors, long np, const float *b, long ldb, const float *at, long ldat,
    float *ct, long ldct, int first, int last, float alpha)
{
    SR_VEC acc[SR_ROWS][SR_VECTORS];
    for (int r = 0; r < SR_ROWS; r++)
        for (int v = 0; v < SR_VECTORS; v++) acc[r][v] = SR_ZERO();
    if (!first)
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < vectors; v++) acc[r][v] = SR_LOAD(ct + r * ldct + SR_LANES * v);
    for (long p = 0; p < np; p++) {
        SR_VEC column[SR_VECTORS];
        for (int v = 0; v < vectors; v++) column[v] = SR_LOAD(at + p * ldat + SR_LANES * v);
        for (int r = 0; r < rows; r++) {
            SR_VEC weight = SR_SET1(b[r * ldb + p]);
            for (int v = 0; v < vectors; v++) acc[r][v] = SR_FMA(weight, column[v], acc[r][v]);
        }
    }
    SR_VEC scale = SR_SET1(alpha);
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++)
            SR_STORE(ct + r * ldct + SR_LANES * v, last ? SR_MUL(scale, acc[r][v]) : acc[r][v]);
}

/// Rows of the tile as compile-time constants, so the accumulators stay in registers.
SR_TARGET static void SR_NAME(tile_any)(
    int rows, int vectors, long np, const float *b, long ldb, const float *at, long ldat,
    float *ct, long ldct, int first, int last, float alpha)
{
#define SR_TILE(R, V) SR_NAME(tile)(R, V, np, b, ldb, at, ldat, ct, ldct, first, last, alpha)
    if (vectors == SR_VECTORS) {
        switch (rows) {
        case 6: SR_TILE(6, SR_VECTORS); break;
        case 5: SR_TILE(5, SR_VECTORS); break;
        case 4: SR_TILE(4, SR_VECTORS); break;
        case 3: SR_TILE(3, SR_VECTORS); break;
        case 2: SR_TILE(2, SR_VECTORS); break;
        default: SR_TILE(1, SR_VECTORS); break;
        }
    } else {
        switch (rows) {
        case 6: SR_TILE(6, 1); break;
        case 5: SR_TILE(5, 1); break;
        case 4: SR_TILE(4, 1); break;
        case 3: SR_TILE(3, 1); break;
        case 2: SR_TILE(2, 1); break;
        default: SR_TILE(1, 1); break;
        }
    }
#undef SR_TILE
}

/// `Cᵀ` rows [0, n) by columns [0, mc) for inner indices [p0, p0 + np), register tile by tile;
/// the columns past the last whole vector take the same chains one entry at a time.
SR_TARGET static void SR_NAME(block)(
    long n, long mc, long np, const float *b, long ldb, const float *at, float *ct,
    int first, int last, float alpha)
{
    for (long j = 0; j < n; j += SR_ROWS) {
        int rows = n - j < SR_ROWS ? (int)(n - j) : SR_ROWS;
        const float *bj = b + j * ldb;
        float *cj = ct + j * mc;
        long i = 0;
        for (; i + SR_PANEL <= mc; i += SR_PANEL)
            SR_NAME(tile_any)(rows, SR_VECTORS, np, bj, ldb, at + i, mc, cj + i, mc, first, last, alpha);
        for (; i + SR_LANES <= mc; i += SR_LANES)
            SR_NAME(tile_any)(rows, 1, np, bj, ldb, at + i, mc, cj + i, mc, first, last, alpha);
        for (; i < mc; i++)
            for (int r = 0; r < rows; r++) {
                float s = first ? 0.0f : cj[r * mc + i];
                for (long p = 0; p < np; p++) s = fmaf(bj[r * ldb + p], at[p * mc + i], s);
                cj[r * mc + i] = last ? alpha * s : s;
            }
    }
}

/// `C ← alpha·A·Bᵀ` for a `B` of one or two rows (a matrix–vector product): no packing;
/// eight rows of `A` at a time, each entry its own scalar chain over p in order, so the
/// chains are those of the packed kernel and the bits the same.
SR_TARGET static void SR_NAME(product_abt_narrow)(
    long m, long n, long k, float alpha, const float *a, long lda, const float *b, long ldb,
    float *c, long ldc)
{
    for (long j = 0; j < n; j++) {
        const float *bj = b + j * ldb;
        long i = 0;
        for (; i + 8 <= m; i += 8) {
            float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (long p = 0; p < k; p++) {
                float x = bj[p];
                for (int r = 0; r < 8; r++) s[r] = fmaf(a[(i + r) * lda + p], x, s[r]);
            }
            for (int r = 0; r < 8; r++) c[(i + r) * ldc + j] = k == 0 ? 0.0f : alpha * s[r];
        }
        for (; i < m; i++) {
            float s = 0;
            for (long p = 0; p < k; p++) s = fmaf(a[i * lda + p], bj[p], s);
            c[i * ldc + j] = k == 0 ? 0.0f : alpha * s;
        }
    }
}

/// `C ← alpha·A·Bᵀ` computed as `Cᵀ = B·Aᵀ`: the rows of `B` (the weights, in training) are
/// read in place, one broadcast per entry; `Aᵀ` is packed for SR_CHUNK_ROWS rows of `A` and
/// SR_DEPTH inner indices at a time, and `Cᵀ` is transposed into `C` at the end.
SR_TARGET static void SR_NAME(product_abt)(
    long m, long n, long k, float alpha, const float *a, long lda, const float *b, long ldb,
    float *c, long ldc, float *at, float *ct)
{
    for (long i0 = 0; i0 < m; i0 += SR_CHUNK_ROWS) {
        long mc = m - i0 < SR_CHUNK_ROWS ? m - i0 : SR_CHUNK_ROWS;
        if (k == 0) {
            for (long j = 0; j < n * mc; j++) ct[j] = 0.0f;
        }
        for (long p0 = 0; p0 < k; p0 += SR_DEPTH) {
            long np = k - p0 < SR_DEPTH ? k - p0 : SR_DEPTH;
            SR_TRANSPOSE(a + i0 * lda + p0, lda, at, mc, mc, np);
            SR_NAME(block)(n, mc, np, b + p0, ldb, at, ct, p0 == 0, p0 + np == k, alpha);
        }
        SR_TRANSPOSE(ct, mc, c + i0 * ldc, ldc, n, mc);
    }
}

#undef SR_PANEL
#undef SR_NAME
#undef SR_SUFFIX
#undef SR_TARGET
#undef SR_VEC
#undef SR_LANES
#undef SR_VECTORS
#undef SR_ZERO
#undef SR_LOAD
#undef SR_STORE
#undef SR_SET1
#undef SR_FMA
#undef SR_MUL
#undef SR_TRANSPOSE
#undef SR_CAT
#undef SR_CAT2
