#ifndef DRO_CFASTCGI_SHIM_H
#define DRO_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
