#include "CPNGShim.h"
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <zlib.h>
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

/// One half of the image data, deflated on its own thread: raw deflate that ends at a byte
/// boundary (a sync flush) for the first half, and finishes the stream for the second,
/// which starts from the first half's last 32 KiB as its dictionary so that it compresses as
/// well as one stream would.
typedef struct {
    const uint8_t *input;
    size_t input_size;
    const uint8_t *dictionary;
    size_t dictionary_size;
    int level, strategy, finishes;
    uint8_t *output;
    size_t output_size;
    uLong adler;
    int failed;
} deflate_half;

static void *deflate_one_half(void *argument) {
    deflate_half *half = (deflate_half *)argument;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    half->failed = 1;
    half->adler = adler32(adler32(0L, Z_NULL, 0), half->input, (uInt)half->input_size);
    if (deflateInit2(&stream, half->level, Z_DEFLATED, -15, 8, half->strategy) != Z_OK) return NULL;
    if (half->dictionary_size > 0 &&
        deflateSetDictionary(&stream, half->dictionary, (uInt)half->dictionary_size) != Z_OK) {
        deflateEnd(&stream);
        return NULL;
    }
    size_t capacity = deflateBound(&stream, half->input_size) + 64;
    half->output = (uint8_t *)malloc(capacity);
    if (half->output) {
        stream.next_in = (Bytef *)half->input;
        stream.avail_in = (uInt)half->input_size;
        stream.next_out = half->output;
        stream.avail_out = (uInt)capacity;
        int status = deflate(&stream, half->finishes ? Z_FINISH : Z_SYNC_FLUSH);
        if ((half->finishes && status == Z_STREAM_END) || (!half->finishes && status == Z_OK && stream.avail_in == 0)) {
            half->output_size = capacity - stream.avail_out;
            half->failed = 0;
        }
    }
    deflateEnd(&stream);
    return NULL;
}

/// The zlib stream of an unfiltered image (each row a 0 filter byte and its samples),
/// deflated in two halves at once: the same bytes whatever the number of cores, since the
/// split is always the same. Returns a malloc'd buffer, or NULL when out of memory.
static uint8_t *deflate_rows(const sr_png_write_options *o, size_t row_bytes, size_t *size) {
    size_t line = row_bytes + 1, total = line * o->height;
    uint8_t *raw = (uint8_t *)malloc(total > 0 ? total : 1);
    if (!raw) return NULL;
    for (uint32_t row = 0; row < o->height; row++) {
        raw[row * line] = 0;
        memcpy(raw + row * line + 1, o->pixels + (size_t)row * o->stride, row_bytes);
    }
    size_t split = line * (o->height / 2);
    size_t window = split < 32768 ? split : 32768;
    deflate_half halves[2] = {
        {raw, split, NULL, 0, o->compression_level, o->strategy, 0, NULL, 0, 0, 1},
        {raw + split, total - split, raw + split - window, window, o->compression_level, o->strategy, 1, NULL, 0, 0, 1},
    };
    pthread_t helper;
    int threaded = pthread_create(&helper, NULL, deflate_one_half, &halves[0]) == 0;
    if (!threaded) deflate_one_half(&halves[0]);
    deflate_one_half(&halves[1]);
    if (threaded) pthread_join(helper, NULL);
    uint8_t *stream = NULL;
    if (!halves[0].failed && !halves[1].failed) {
        *size = 2 + halves[0].output_size + halves[1].output_size + 4;
        stream = (uint8_t *)malloc(*size);
    }
    if (stream) {
        // The zlib header (32 KiB window, the level's class, no dictionary) and trailer.
        int level = o->compression_level;
        unsigned method = 0x78, flags = (unsigned)(level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3) << 6;
        flags += 31 - (method * 256 + flags) % 31;
        stream[0] = (uint8_t)method;
        stream[1] = (uint8_t)flags;
        memcpy(stream + 2, halves[0].output, halves[0].output_size);
        memcpy(stream + 2 + halves[0].output_size, halves[1].output, halves[1].output_size);
        uLong adler = adler32_combine(halves[0].adler, halves[1].adler, (z_off_t)halves[1].input_size);
        uint8_t *end = stream + *size - 4;
        end[0] = (uint8_t)(adler >> 24); end[1] = (uint8_t)(adler >> 16); end[2] = (uint8_t)(adler >> 8); end[3] = (uint8_t)adler;
    }
    free(halves[0].output);
    free(halves[1].output);
    free(raw);
    return stream;
}

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
    if (o->color_type == PNG_COLOR_TYPE_PALETTE && o->filters == 0 && o->height >= 2) {
        // Unfiltered rows: deflate them ourselves on two threads and hand libpng the
        // stream as one IDAT chunk, then the end chunk.
        size_t row_bytes = ((size_t)o->width * (size_t)o->bit_depth + 7) / 8;
        size_t size = 0;
        uint8_t *stream = deflate_rows(o, row_bytes, &size);
        if (!stream) png_error(png, "out of memory while compressing");
        png_write_chunk(png, (png_const_bytep) "IDAT", stream, size);
        free(stream);
        png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    } else {
        for (uint32_t row = 0; row < o->height; row++) {
            png_write_row(png, (png_const_bytep)(o->pixels + (size_t)row * o->stride));
        }
        png_write_end(png, info);
    }
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
