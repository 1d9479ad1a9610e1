#include "CPNGShim.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    jmp_buf jump;
    char *message;
    size_t message_size;
} error_context;

static void on_error(png_structp png, png_const_charp text) {
    error_context *context = (error_context *)png_get_error_ptr(png);
    snprintf(context->message, context->message_size, "%s", text ? text : "libpng error");
    longjmp(context->jump, 1);
}

static void on_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

typedef struct {
    uint8_t *data;
    size_t size, capacity;
    int failed;
} growable_buffer;

static void write_to_buffer(png_structp png, png_bytep bytes, png_size_t length) {
    growable_buffer *buffer = (growable_buffer *)png_get_io_ptr(png);
    if (buffer->size + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->size + length) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(buffer->data, capacity);
        if (!grown) { png_error(png, "out of memory"); }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, bytes, length);
    buffer->size += length;
}

static void flush_nothing(png_structp png) { (void)png; }

int sr_png_encode(const sr_png_write_options *o, uint8_t **out, size_t *out_size,
                  char *error, size_t error_size) {
    error_context context;
    context.message = error;
    context.message_size = error_size;
    growable_buffer buffer = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "libpng could not start"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        snprintf(error, error_size, "libpng could not start");
        return 1;
    }
    if (setjmp(context.jump)) {
        png_destroy_write_struct(&png, &info);
        free(buffer.data);
        return 1;
    }
    png_set_write_fn(png, &buffer, write_to_buffer, flush_nothing);
    png_set_compression_level(png, o->compression_level);
    png_set_compression_strategy(png, o->strategy);
    png_set_IHDR(png, info, o->width, o->height, o->bit_depth, o->color_type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (o->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color entries[256];
        for (int i = 0; i < o->palette_size && i < 256; i++) {
            entries[i].red = o->palette_rgb[3 * i];
            entries[i].green = o->palette_rgb[3 * i + 1];
            entries[i].blue = o->palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, entries, o->palette_size);
        if (o->palette_alpha && o->palette_alpha_count > 0) {
            png_set_tRNS(png, info, o->palette_alpha, o->palette_alpha_count, NULL);
        }
        // Filtering rarely helps indexed images; libpng's advice is to use none.
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    }
    if (o->filters != 0) png_set_filter(png, PNG_FILTER_TYPE_BASE, o->filters);
    if (o->pixels_per_meter > 0) {
        png_set_pHYs(png, info, o->pixels_per_meter, o->pixels_per_meter, PNG_RESOLUTION_METER);
    }
    png_text text;
    if (o->software) {
        memset(&text, 0, sizeof text);
        text.compression = PNG_TEXT_COMPRESSION_NONE;
        text.key = (png_charp) "Software";
        text.text = (png_charp)o->software;
        png_set_text(png, info, &text, 1);
    }
    png_write_info(png, info);
    for (uint32_t row = 0; row < o->height; row++) {
        png_write_row(png, (png_const_bytep)(o->pixels + (size_t)row * o->stride));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = buffer.data;
    *out_size = buffer.size;
    return 0;
}

typedef struct {
    const uint8_t *data;
    size_t size, offset;
} reader;

static void read_from_memory(png_structp png, png_bytep bytes, png_size_t length) {
    reader *r = (reader *)png_get_io_ptr(png);
    if (r->offset + length > r->size) png_error(png, "PNG data is truncated");
    memcpy(bytes, r->data + r->offset, length);
    r->offset += length;
}

int sr_png_decode_rgba(const uint8_t *data, size_t size, uint8_t **rgba, uint32_t *width,
                       uint32_t *height, int *original_color_type, int *original_bit_depth,
                       char *error, size_t error_size) {
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(error, error_size, "not a PNG file (bad signature)");
        return 1;
    }
    error_context context;
    context.message = error;
    context.message_size = error_size;
    reader source = {data, size, 0};
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_error, on_warning);
    if (!png) { snprintf(error, error_size, "libpng could not start"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(error, error_size, "libpng could not start");
        return 1;
    }
    if (setjmp(context.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        free(rows);
        return 1;
    }
    png_set_read_fn(png, &source, read_from_memory);
    png_read_info(png, info);
    uint32_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (w == 0 || h == 0 || (uint64_t)w * h > (1u << 28)) png_error(png, "implausible image size");
    *original_color_type = png_get_color_type(png, info);
    *original_bit_depth = png_get_bit_depth(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) png_error(png, "unexpected row size");
    pixels = (uint8_t *)malloc((size_t)w * h * 4);
    if (!pixels) png_error(png, "out of memory");
    rows = (png_bytep *)malloc(sizeof(png_bytep) * h);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < h; y++) rows[y] = pixels + (size_t)y * w * 4;
    png_read_image(png, rows);
    free(rows);
    rows = NULL;
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    *rgba = pixels;
    *width = w;
    *height = h;
    return 0;
}

void sr_png_free(void *pointer) { free(pointer); }
