/*
 * One full-duplex ALSA PCM (capture + playback of the same name) at 8 kHz mono S16_LE,
 * run by its own thread: for every captured period the thread writes one period to
 * playback (a queued frame, or silence) and then hands the captured one out through
 * `emit`, so the card's capture clock paces both directions. Knows nothing of Node; dialtone_alsa.c
 * turns events into JavaScript calls.
 */
#ifndef DIALTONE_DUPLEX_H
#define DIALTONE_DUPLEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
  DUPLEX_OPEN,    /* message: the negotiated parameters */
  DUPLEX_FRAME,   /* samples: one captured period */
  DUPLEX_XRUN,    /* message: which direction, and that it was recovered */
  DUPLEX_CLOSED,  /* terminal: duplex_stop was called */
  DUPLEX_GONE,    /* terminal: the device went away (ENODEV, EBADFD, ...) */
  DUPLEX_FAILED   /* terminal: open or recovery failed */
} duplex_event_kind;

typedef struct {
  duplex_event_kind kind;
  int16_t *samples; /* owned by the event; NULL unless DUPLEX_FRAME */
  unsigned count;
  char message[512];
} duplex_event;

/* Takes ownership of `event`; returns 0, or -1 when the consumer is gone (the thread stops). */
typedef int (*duplex_emit_fn)(void *ctx, duplex_event *event);
/* Called by the thread as its very last act, after the terminal event. */
typedef void (*duplex_finished_fn)(void *ctx);

typedef struct {
  const char *pcm_name;
  unsigned period_frames;
  unsigned capture_periods;
  unsigned playback_periods;
  unsigned prefill_periods;
  unsigned queue_frames; /* capacity of the playback queue, in periods */
  duplex_emit_fn emit;
  duplex_finished_fn finished;
  void *ctx;
} duplex_options;

typedef struct duplex duplex;

/* Starts the thread (which opens the PCMs); NULL with `error` filled when it cannot start. */
duplex *duplex_start(const duplex_options *options, char *error, size_t error_size);
/* Queues one period for playback, copying it; returns 1 when the oldest queued period was dropped. */
int duplex_play(duplex *d, const int16_t *samples);
unsigned duplex_queued(duplex *d);
/* Asks the thread to close the PCMs and end; it emits DUPLEX_CLOSED when done. */
void duplex_stop(duplex *d);
/* Test hook: the next capture read (or playback write) fails with -error before reaching ALSA. */
void duplex_inject(duplex *d, int capture, int error);
/* Waits for the thread (which has called `finished`) and frees everything. */
void duplex_free(duplex *d);

#endif
