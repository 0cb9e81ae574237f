/* The one clock: monotonic time, for durations (progress, --trace,
 * took_ms). */
#ifndef ZC_COMMON_CLOCK_H
#define ZC_COMMON_CLOCK_H

/* Milliseconds since an arbitrary point, monotonic. */
double zc_clock_ms(void);
/* The same in seconds. */
double zc_clock_s(void);
/* CPU time of this process in seconds: what the benchmarks measure where
 * wall time would count the other work of a busy machine. */
double zc_clock_cpu_s(void);

#endif
