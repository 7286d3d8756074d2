/*
 * spandsp's line echo canceller run over a recorded call, as the peer our own
 * canceller (src/line/echo/) is measured against. Raw audio is 16-bit little-endian
 * mono at 8 kHz.
 *
 *   echo-spandsp TAPS MODE IN OUT
 *       IN holds interleaved pairs (far-end reference sent to the line, capture from
 *       the line); OUT receives the cleaned capture, one sample per pair. MODE is
 *       "linear" (adaption only) or "full" (adaption, NLP and comfort noise).
 *       Prints "ns: N" on stderr, the time spent inside echo_can_update.
 *
 * Audio goes through files because the Debian build of spandsp prints debug lines
 * on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <spandsp.h>

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[2], "linear") != 0 && strcmp(argv[2], "full") != 0)) {
        fprintf(stderr, "usage: %s TAPS linear|full IN OUT\n", argv[0]);
        return 2;
    }
    int mode = ECHO_CAN_USE_ADAPTION;
    if (strcmp(argv[2], "full") == 0)
        mode |= ECHO_CAN_USE_NLP | ECHO_CAN_USE_CNG;
    FILE *in = fopen(argv[3], "rb");
    FILE *out = fopen(argv[4], "wb");
    if (in == NULL || out == NULL) {
        fprintf(stderr, "cannot open %s or %s\n", argv[3], argv[4]);
        return 1;
    }
    echo_can_state_t *ec = echo_can_init(atoi(argv[1]), mode);
    int16_t pairs[320];
    int16_t clean[160];
    size_t n;
    long long busy_ns = 0;
    struct timespec a, b;
    while ((n = fread(pairs, sizeof(int16_t) * 2, 160, in)) > 0) {
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (size_t i = 0; i < n; i++)
            clean[i] = echo_can_update(ec, pairs[2 * i], pairs[2 * i + 1]);
        clock_gettime(CLOCK_MONOTONIC, &b);
        busy_ns += (long long) (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        fwrite(clean, sizeof(int16_t), n, out);
    }
    fclose(in);
    fclose(out);
    echo_can_free(ec);
    fprintf(stderr, "ns: %lld\n", busy_ns);
    return 0;
}
