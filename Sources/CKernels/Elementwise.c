// Element-wise functions for training: exp, log, erf, tanh, GELU. Every function is a fixed
// sequence of double-precision IEEE operations (this file is built with -ffp-contract=off and
// calls no libm), so it gives the same bits on every x86-64 CPU, whatever libm version or
// code path (FMA or not) the system would have picked.
#include "CKernels.h"
#include <stdint.h>
#include <string.h>

static const double sr_ln2_hi = 6.93147180369123816490e-01; // ln 2, high 32 bits: k·hi is exact
static const double sr_ln2_lo = 1.90821492927058770002e-10;
static const double sr_inv_ln2 = 1.44269504088896338700e+00;

static double sr_bits_to_double(uint64_t bits) {
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static uint64_t sr_double_to_bits(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

/// 2^k for -1022 ≤ k ≤ 1023.
static double sr_pow2(int k) { return sr_bits_to_double((uint64_t)(k + 1023) << 52); }

double sr_exp(double x) {
    if (x != x) return x;
    if (x > 709.782712893384) return sr_bits_to_double(0x7FF0000000000000ull);
    if (x < -745.2) return 0.0;
    // x = k·ln 2 + r, |r| ≤ ln 2 / 2 (Cody–Waite with ln 2 in two parts).
    double t = x * sr_inv_ln2;
    int k = (int)(t < 0 ? t - 0.5 : t + 0.5);
    double r = (x - k * sr_ln2_hi) - k * sr_ln2_lo;
    // e^r by its Taylor polynomial to degree 13 (remainder below 1e-17), Horner's rule.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    if (k > 1023) return p * sr_pow2(1023) * sr_pow2(k - 1023);
    if (k < -1021) return p * sr_pow2(k + 1000) * sr_pow2(-1000);
    return p * sr_pow2(k);
}

double sr_log(double x) {
    if (x != x) return x;
    if (x < 0) return sr_bits_to_double(0x7FF8000000000000ull);
    if (x == 0) return -sr_bits_to_double(0x7FF0000000000000ull);
    if (x == sr_bits_to_double(0x7FF0000000000000ull)) return x;
    int e = 0;
    if (x < 2.2250738585072014e-308) { x *= 18014398509481984.0; e = -54; } // subnormal: × 2^54
    uint64_t bits = sr_double_to_bits(x);
    e += (int)((bits >> 52) & 0x7FF) - 1023;
    double m = sr_bits_to_double((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull); // [1, 2)
    if (m > 1.4142135623730951) { m *= 0.5; e += 1; }
    // ln m = 2 atanh s, s = (m − 1)/(m + 1), |s| ≤ 0.1716: the odd series to s^23.
    double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double q = 1.0 / 23.0;
    q = q * s2 + 1.0 / 21.0;
    q = q * s2 + 1.0 / 19.0;
    q = q * s2 + 1.0 / 17.0;
    q = q * s2 + 1.0 / 15.0;
    q = q * s2 + 1.0 / 13.0;
    q = q * s2 + 1.0 / 11.0;
    q = q * s2 + 1.0 / 9.0;
    q = q * s2 + 1.0 / 7.0;
    q = q * s2 + 1.0 / 5.0;
    q = q * s2 + 1.0 / 3.0;
    double logm = 2.0 * s + 2.0 * s * (s2 * q);
    return e * sr_ln2_hi + (e * sr_ln2_lo + logm);
}

/// erfc(u) for u ≥ 2.5 by its continued fraction, 80 terms evaluated from the tail.
static double sr_erfc_tail(double u) {
    double k = u;
    for (int n = 80; n >= 1; n--) k = u + (0.5 * n) / k;
    return sr_exp(-u * u) / (1.7724538509055160273 * k);
}

/// erf(u) for 0 ≤ u < 2.5 by its Taylor series, summed until the terms stop mattering.
static double sr_erf_series(double u) {
    double u2 = u * u, term = u, sum = u;
    for (int n = 1; n < 120; n++) {
        term *= -u2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if ((add < 0 ? -add : add) < 1e-17 * sum) break;
    }
    return 1.1283791670955125739 * sum; // 2/√π
}

double sr_erf(double x) {
    if (x != x) return x;
    double u = x < 0 ? -x : x;
    double value = u < 2.5 ? sr_erf_series(u) : (u > 6.0 ? 1.0 : 1.0 - sr_erfc_tail(u));
    return x < 0 ? -value : value;
}

/// Φ(x), the standard normal distribution function, without cancellation in the lower tail.
static double sr_normal_cdf(double x) {
    double u = (x < 0 ? -x : x) * 0.70710678118654752440;
    double upper; // erfc(u)
    if (u < 2.5) upper = 1.0 - sr_erf_series(u);
    else upper = u > 27.0 ? 0.0 : sr_erfc_tail(u);
    return x < 0 ? 0.5 * upper : 1.0 - 0.5 * upper;
}

float sr_expf(float x) { return (float)sr_exp((double)x); }

float sr_logf(float x) { return (float)sr_log((double)x); }

void sr_tanh(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) {
        double v = x[i], u = v < 0 ? -v : v, t;
        if (v != v) t = v;
        else if (u > 9.5) t = 1.0;                 // rounds to 1 in single precision
        else if (u < 0x1p-12) t = u - u * u * u / 3.0;
        else {
            double e = sr_exp(2.0 * u);            // (e − 1)/(e + 1), no cancellation to fear at u ≥ 2^-12
            t = (e - 1.0) / (e + 1.0);
        }
        y[i] = (float)(v < 0 ? -t : t);
    }
}

void sr_gelu(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) {
        double v = x[i];
        y[i] = (float)(v * sr_normal_cdf(v));
    }
}

void sr_gelu_backward(const float *z, float *g, long n) {
    for (long i = 0; i < n; i++) {
        double v = z[i];
        double pdf = 0.39894228040143267794 * sr_exp(-0.5 * v * v);
        g[i] = (float)((double)g[i] * (sr_normal_cdf(v) + v * pdf));
    }
}

void sr_relu_backward(const float *z, float *g, long n) {
    // Both operands loaded unconditionally, so the select compiles to a vector compare and
    // mask instead of a branch per entry (mispredicted half the time on random signs).
    for (long i = 0; i < n; i++) {
        float zi = z[i], gi = g[i];
        g[i] = zi <= 0.0f ? 0.0f : gi;
    }
}

void sr_gram_double(const float *f, long k, long width, double *out) {
    for (long i = 0; i < k; i++)
        for (long j = 0; j <= i; j++) {
            const float *x = f + i * width, *y = f + j * width;
            double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            long p = 0;
            for (; p + 8 <= width; p += 8)
                for (int l = 0; l < 8; l++) s[l] += (double)x[p + l] * (double)y[p + l];
            for (int l = 0; p < width; p++, l++) s[l] += (double)x[p] * (double)y[p];
            double total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
            out[i * k + j] = total;
            out[j * k + i] = total;
        }
}
