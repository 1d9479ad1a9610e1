#ifndef SPECTRAL_REPORT_CPNGSHIM_H
#define SPECTRAL_REPORT_CPNGSHIM_H
#include <stddef.h>
#include <stdint.h>

/// libpng reports errors by longjmp; these wrappers catch them with setjmp and return a
/// non-zero status with the message in `error` instead, so no error crosses into Swift.

/// How to encode the pixels.
typedef struct {
    uint32_t width, height;
    /// 0 grey, 2 RGB, 3 palette, 6 RGBA (PNG colour types).
    int color_type;
    /// Bits per sample (8 for RGB/RGBA; 1, 2, 4 or 8 for palette).
    int bit_depth;
    /// Rows of packed samples, `stride` bytes apart.
    const uint8_t *pixels;
    size_t stride;
    /// For colour type 3: `palette_size` RGB triples and optional alpha per entry.
    const uint8_t *palette_rgb;
    const uint8_t *palette_alpha;
    int palette_size;
    int palette_alpha_count;
    /// zlib level 0–9.
    int compression_level;
    /// libpng row-filter mask (PNG_FILTER_NONE 0x08, SUB 0x10, UP 0x20, AVG 0x40, PAETH
    /// 0x80), or 0 for libpng's default choice.
    int filters;
    /// zlib strategy (0 default, 1 filtered, 2 Huffman only, 3 RLE).
    int strategy;
    /// Pixels per metre for pHYs, 0 to omit.
    uint32_t pixels_per_meter;
    /// Written as a tEXt "Software" chunk when not NULL.
    const char *software;
} sr_png_write_options;

/// Encodes into a malloc'd buffer (`*out`, `*out_size`; free with `sr_png_free`).
/// Returns 0 on success, otherwise writes a message into `error` (size `error_size`).
int sr_png_encode(const sr_png_write_options *options, uint8_t **out, size_t *out_size,
                  char *error, size_t error_size);

/// Decodes PNG bytes to 8-bit RGBA (every colour type and depth is expanded).
/// `*rgba` is malloc'd (free with `sr_png_free`); returns 0 on success.
int sr_png_decode_rgba(const uint8_t *data, size_t size, uint8_t **rgba, uint32_t *width,
                       uint32_t *height, int *original_color_type, int *original_bit_depth,
                       char *error, size_t error_size);

void sr_png_free(void *pointer);
#endif
