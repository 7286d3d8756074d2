/*
 * libsrtp2 as a reference for the SRTP known-answer test
 * (test/unit/media/srtp/srtp-libsrtp.test.ts). Reads commands on stdin, one per
 * line, and answers each with one line on stdout:
 *   key <80|32> <hex master key||salt, 30 octets> [<hex MKI>]  -> "ok"
 *       new sender (any outbound SSRC) and receiver (any inbound SSRC) sessions,
 *       AES_CM_128_HMAC_SHA1_<80|32> for RTP, _80 for RTCP, replay window 64
 *   rtp <hex>  | unrtp <hex>  | rtcp <hex> | unrtcp <hex>
 *       -> the protected / unprotected packet in hex, or "error <srtp_err_status_t>"
 * Build: cc srtp-tool.c -o srtp-tool -lsrtp2
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>

#define MAX_PACKET 4096

static srtp_t sender, receiver;
static int use_mki;

static size_t from_hex(const char *hex, unsigned char *out, size_t max)
{
    size_t n = 0;
    while (hex[0] && hex[1] && n < max) {
        unsigned int byte;
        if (sscanf(hex, "%2x", &byte) != 1)
            break;
        out[n++] = (unsigned char) byte;
        hex += 2;
    }
    return n;
}

static void print_hex(const unsigned char *bytes, int length)
{
    for (int i = 0; i < length; i++)
        printf("%02x", bytes[i]);
    printf("\n");
}

static srtp_t session(int tag, unsigned char *key, unsigned char *mki, unsigned int mki_size, srtp_ssrc_type_t direction)
{
    static srtp_master_key_t master;
    static srtp_master_key_t *masters[1];
    srtp_policy_t policy;
    srtp_t ctx;
    memset(&policy, 0, sizeof policy);
    if (tag == 32)
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
    else
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
    policy.ssrc.type = direction;
    if (mki_size > 0) {
        master.key = key;
        master.mki_id = mki;
        master.mki_size = mki_size;
        masters[0] = &master;
        policy.keys = masters;
        policy.num_master_keys = 1;
    } else {
        policy.key = key;
    }
    policy.window_size = 64;
    policy.allow_repeat_tx = 1;
    if (srtp_create(&ctx, &policy) != srtp_err_status_ok) {
        printf("error create\n");
        exit(1);
    }
    return ctx;
}

int main(void)
{
    static char line[2 * MAX_PACKET + 64];
    static unsigned char key[30], mki[128], packet[MAX_PACKET + SRTP_MAX_TRAILER_LEN + 4];
    char command[16], hex[2 * MAX_PACKET + 1], mki_hex[257];
    if (srtp_init() != srtp_err_status_ok)
        return 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, stdin)) {
        int tag;
        int fields = sscanf(line, "key %d %60s %256s", &tag, hex, mki_hex);
        if (fields >= 2) {
            unsigned int mki_size = fields == 3 ? (unsigned int) from_hex(mki_hex, mki, sizeof mki) : 0;
            from_hex(hex, key, sizeof key);
            if (sender) {
                srtp_dealloc(sender);
                srtp_dealloc(receiver);
            }
            use_mki = mki_size > 0;
            sender = session(tag, key, mki, mki_size, ssrc_any_outbound);
            receiver = session(tag, key, mki, mki_size, ssrc_any_inbound);
            printf("ok\n");
            continue;
        }
        if (sscanf(line, "%15s %8192s", command, hex) != 2 || !sender) {
            printf("error syntax\n");
            continue;
        }
        int length = (int) from_hex(hex, packet, MAX_PACKET);
        srtp_err_status_t status;
        if (strcmp(command, "rtp") == 0)
            status = srtp_protect_mki(sender, packet, &length, use_mki, 0);
        else if (strcmp(command, "unrtp") == 0)
            status = srtp_unprotect_mki(receiver, packet, &length, use_mki);
        else if (strcmp(command, "rtcp") == 0)
            status = srtp_protect_rtcp_mki(sender, packet, &length, use_mki, 0);
        else if (strcmp(command, "unrtcp") == 0)
            status = srtp_unprotect_rtcp_mki(receiver, packet, &length, use_mki);
        else {
            printf("error syntax\n");
            continue;
        }
        if (status == srtp_err_status_ok)
            print_hex(packet, length);
        else
            printf("error %d\n", (int) status);
    }
    return 0;
}
