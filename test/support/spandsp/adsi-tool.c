/*
 * spandsp's ADSI (caller ID) receiver and transmitter as a filter, for the caller ID
 * cross-checks (test/unit/line/callerid/*-spandsp.test.ts, test/unit/dsp/callerid-reader*).
 *   adsi-tool rx <class|clip|clip-dtmf|jclip> [cutoff-dBm0]
 *       reads 16-bit signed native-endian PCM at 8000 Hz on stdin and prints one line
 *       "ADSI <standard> <hex bytes>" per message spandsp accepted (FSK standards: type,
 *       length and body; spandsp has checked and removed the checksum; JCLIP: DLE SOH … DLE ETX
 *       with parity bits cleared, CRC checked and removed; DTMF: the digits in hex).
 *       spandsp's FSK receiver ignores signals below its carrier cutoff, −30 dBm0 by default;
 *       [cutoff-dBm0] sets another (a more sensitive display).
 *   adsi-tool tx <class|clip|clip-dtmf|jclip> <message>
 *       writes PCM of spandsp's transmitter to stdout: 100 ms of silence, the message, 100 ms
 *       of silence. <message> is hex (type, length, body; spandsp appends the checksum) for
 *       FSK, or the DTMF digits for clip-dtmf.
 * Lines not starting with "ADSI " on stdout are debug output of the library: ignore them.
 * Build: cc adsi-tool.c -o adsi-tool -lspandsp
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

static int standard_of(const char *name)
{
    if (strcmp(name, "class") == 0) return ADSI_STANDARD_CLASS;
    if (strcmp(name, "clip") == 0) return ADSI_STANDARD_CLIP;
    if (strcmp(name, "clip-dtmf") == 0) return ADSI_STANDARD_CLIP_DTMF;
    if (strcmp(name, "jclip") == 0) return ADSI_STANDARD_JCLIP;
    fprintf(stderr, "unknown standard %s\n", name);
    exit(2);
}

static void put_msg(void *user_data, const uint8_t *msg, int len)
{
    printf("ADSI %s ", (const char *) user_data);
    for (int i = 0; i < len; i++)
        printf("%02x", msg[i]);
    printf("\n");
    fflush(stdout);
}

static int receive(const char *name, const char *cutoff)
{
    adsi_rx_state_t *rx = adsi_rx_init(NULL, standard_of(name), put_msg, (void *) name);
    if (cutoff)
        fsk_rx_signal_cutoff(&rx->fskrx, strtof(cutoff, NULL));
    int16_t amp[160];
    size_t n;
    while ((n = fread(amp, sizeof(int16_t), 160, stdin)) > 0)
        adsi_rx(rx, amp, (int) n);
    adsi_rx_free(rx);
    return 0;
}

static void write_silence(int samples)
{
    int16_t zero[160] = {0};
    for (; samples > 0; samples -= 160)
        fwrite(zero, sizeof(int16_t), samples < 160 ? samples : 160, stdout);
}

static int transmit(const char *name, const char *message)
{
    int standard = standard_of(name);
    adsi_tx_state_t *tx = adsi_tx_init(NULL, standard);
    uint8_t msg[256];
    int len = 0;
    if (standard == ADSI_STANDARD_CLIP_DTMF) {
        len = (int) strlen(message);
        memcpy(msg, message, (size_t) len);
    } else {
        for (; message[2 * len] && message[2 * len + 1] && len < 255; len++)
            sscanf(message + 2 * len, "%2hhx", &msg[len]);
    }
    if (adsi_tx_put_message(tx, msg, len) <= 0) {
        fprintf(stderr, "adsi_tx_put_message refused the message\n");
        return 1;
    }
    write_silence(800);
    int16_t amp[160];
    int n;
    while ((n = adsi_tx(tx, amp, 160)) > 0)
        fwrite(amp, sizeof(int16_t), (size_t) n, stdout);
    write_silence(800);
    adsi_tx_free(tx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "rx") == 0)
        return receive(argv[2], argc >= 4 ? argv[3] : NULL);
    if (argc >= 4 && strcmp(argv[1], "tx") == 0)
        return transmit(argv[2], argv[3]);
    fprintf(stderr, "usage: adsi-tool rx <class|clip|clip-dtmf|jclip> [cutoff-dBm0] | tx <standard> <message>\n");
    return 2;
}
