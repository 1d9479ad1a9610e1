#ifndef SPECTRAL_REPORT_CZLIB_SHIM_H
#define SPECTRAL_REPORT_CZLIB_SHIM_H
#include <zlib.h>
#endif
