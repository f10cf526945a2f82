#ifndef STRATUS_CMALLOCSTATS_H
#define STRATUS_CMALLOCSTATS_H
#include <stddef.h>

/// Bytes of the C heap handed out and not yet freed: glibc's mallinfo2() uordblks + hblkhd.
/// glibc counts the main arena only, so run with MALLOC_ARENA_MAX=1 (handles.sh does) for a
/// whole-process figure. Returns 0 where mallinfo2 is unavailable.
size_t stratus_heap_in_use(void);

#endif
