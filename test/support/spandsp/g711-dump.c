/*
 * Prints spandsp's G.711 tables, one number per line, for the codec cross-check
 * (test/unit/media/codec/g711-spandsp.test.ts):
 *   65,536 lines  linear_to_ulaw(x) for x = -32768 .. 32767
 *      256 lines  ulaw_to_linear(c) for c = 0 .. 255
 *   65,536 lines  linear_to_alaw(x) for x = -32768 .. 32767
 *      256 lines  alaw_to_linear(c) for c = 0 .. 255
 * Build: cc g711-dump.c -o g711-dump -lspandsp
 */
#include <stdint.h>
#include <stdio.h>
#include <spandsp.h>

int main(void)
{
    for (int x = -32768; x <= 32767; x++)
        printf("%d\n", linear_to_ulaw(x));
    for (int c = 0; c < 256; c++)
        printf("%d\n", ulaw_to_linear((uint8_t) c));
    for (int x = -32768; x <= 32767; x++)
        printf("%d\n", linear_to_alaw(x));
    for (int c = 0; c < 256; c++)
        printf("%d\n", alaw_to_linear((uint8_t) c));
    return 0;
}
