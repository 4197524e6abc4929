// libsmrt.so: every layer, linked whole (see cmake/api.cmake). This file
// gives the shared library a source of its own.
#include "smrt/smrt.h"
