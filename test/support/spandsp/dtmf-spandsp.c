/*
 * spandsp's DTMF generator and receiver, as an independent reference for our own
 * (src/dsp/dtmf-*.ts). Raw audio is 16-bit little-endian mono at 8 kHz.
 *
 *   dtmf-spandsp rx                 reads audio on stdin; prints one line per digit:
 *                                   "<digit> <start sample> <end sample>", and on
 *                                   stderr "rx ns: N", the time spent in dtmf_rx
 *   dtmf-spandsp tx DIGITS LEVEL TWIST ON_MS OFF_MS
 *                                   writes the digits as audio on stdout; LEVEL is the
 *                                   low tone in dBm0, TWIST the high tone's excess in dB
 *
 * rx uses spandsp's default receiver settings (its twist, reverse twist and threshold).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <spandsp.h>

static long position = 0;
static int current = 0;
static long started = 0;

static void on_tone(void *user_data, int code, int level, int delay)
{
    (void) user_data;
    (void) level;
    long at = position + delay;
    if (current != 0)
        printf("%c %ld %ld\n", current, started, at);
    current = code;
    started = at;
}

static int receive(void)
{
    dtmf_rx_state_t *rx = dtmf_rx_init(NULL, NULL, NULL);
    int16_t block[160];
    size_t n;
    long long busy_ns = 0;
    struct timespec a, b;
    dtmf_rx_set_realtime_callback(rx, on_tone, NULL);
    while ((n = fread(block, sizeof(int16_t), 160, stdin)) > 0) {
        clock_gettime(CLOCK_MONOTONIC, &a);
        dtmf_rx(rx, block, (int) n);
        clock_gettime(CLOCK_MONOTONIC, &b);
        busy_ns += (long long) (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        position += (long) n;
    }
    fprintf(stderr, "rx ns: %lld\n", busy_ns);
    if (current != 0)
        printf("%c %ld %ld\n", current, started, position);
    dtmf_rx_free(rx);
    return 0;
}

static int transmit(const char *digits, int level, int twist, int on_ms, int off_ms)
{
    dtmf_tx_state_t *tx = dtmf_tx_init(NULL);
    int16_t block[160];
    int n;
    dtmf_tx_set_level(tx, level, twist);
    dtmf_tx_set_timing(tx, on_ms, off_ms);
    dtmf_tx_put(tx, digits, -1);
    while ((n = dtmf_tx(tx, block, 160)) > 0)
        fwrite(block, sizeof(int16_t), (size_t) n, stdout);
    dtmf_tx_free(tx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "rx") == 0)
        return receive();
    if (argc == 7 && strcmp(argv[1], "tx") == 0)
        return transmit(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]));
    fprintf(stderr, "usage: %s rx | tx DIGITS LEVEL TWIST ON_MS OFF_MS\n", argv[0]);
    return 2;
}
