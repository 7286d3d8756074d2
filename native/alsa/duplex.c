/*
 * The duplex thread: opens capture and playback on one PCM name, then loops
 * read one period → write one period (queued audio or silence) → emit the captured one.
 * Overruns and underruns (-EPIPE, -ESTRPIPE) go through snd_pcm_recover and are reported;
 * a device that went away (-ENODEV, -EBADFD, -ENXIO, -EIO) ends the thread with DUPLEX_GONE
 * so the caller can reopen it by card name when it returns.
 */
#include "duplex.h"

#include <alsa/asoundlib.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE_HZ 8000

struct duplex {
  duplex_options options;
  char pcm_name[256];
  pthread_t thread;
  snd_pcm_t *capture;
  snd_pcm_t *playback;
  atomic_int stop;
  atomic_int inject_capture;
  atomic_int inject_playback;
  pthread_mutex_t lock; /* guards the playback queue */
  int16_t *queue;
  unsigned queue_head;
  unsigned queue_count;
  int16_t *silence;
};

/* alsa-lib's own error text (which file failed to open, ...) goes into the thread's report, not stderr. */
static __thread char alsa_said[200];

static void keep_alsa_error(const char *file, int line, const char *function, int error, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(alsa_said, sizeof(alsa_said), format, args);
  va_end(args);
}

static void install_error_handler(void) { snd_lib_error_set_handler(keep_alsa_error); }

static int emit_message(duplex *d, duplex_event_kind kind, const char *format, ...) {
  duplex_event *event = calloc(1, sizeof(*event));
  if (!event) return -1;
  event->kind = kind;
  va_list args;
  va_start(args, format);
  vsnprintf(event->message, sizeof(event->message), format, args);
  va_end(args);
  return d->options.emit(d->options.ctx, event);
}

static int emit_frame(duplex *d, const int16_t *samples) {
  duplex_event *event = calloc(1, sizeof(*event));
  if (!event) return -1;
  event->kind = DUPLEX_FRAME;
  event->count = d->options.period_frames;
  event->samples = malloc(sizeof(int16_t) * event->count);
  if (!event->samples) {
    free(event);
    return -1;
  }
  memcpy(event->samples, samples, sizeof(int16_t) * event->count);
  return d->options.emit(d->options.ctx, event);
}

static int is_gone(int error) {
  return error == -ENODEV || error == -EBADFD || error == -ENXIO || error == -EIO || error == -ENOENT;
}

static int set_params(snd_pcm_t *pcm, unsigned period, unsigned periods, snd_pcm_uframes_t start_threshold, char *why, size_t why_size,
                      snd_pcm_uframes_t *got_period, snd_pcm_uframes_t *got_buffer) {
  snd_pcm_hw_params_t *hw;
  snd_pcm_sw_params_t *sw;
  snd_pcm_hw_params_alloca(&hw);
  snd_pcm_sw_params_alloca(&sw);
  int r;
  unsigned rate = RATE_HZ;
  snd_pcm_uframes_t period_size = period, buffer_size = (snd_pcm_uframes_t)period * periods;
  if ((r = snd_pcm_hw_params_any(pcm, hw)) < 0 || (r = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
      (r = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE)) < 0 || (r = snd_pcm_hw_params_set_channels(pcm, hw, 1)) < 0 ||
      (r = snd_pcm_hw_params_set_rate(pcm, hw, rate, 0)) < 0) {
    snprintf(why, why_size, "8 kHz mono S16_LE not supported: %s", snd_strerror(r));
    return r;
  }
  if ((r = snd_pcm_hw_params_set_period_size_near(pcm, hw, &period_size, NULL)) < 0 ||
      (r = snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer_size)) < 0 || (r = snd_pcm_hw_params(pcm, hw)) < 0) {
    snprintf(why, why_size, "period of %u frames not accepted: %s", period, snd_strerror(r));
    return r;
  }
  if ((r = snd_pcm_sw_params_current(pcm, sw)) < 0 || (r = snd_pcm_sw_params_set_avail_min(pcm, sw, period)) < 0 ||
      (r = snd_pcm_sw_params_set_start_threshold(pcm, sw, start_threshold)) < 0 || (r = snd_pcm_sw_params(pcm, sw)) < 0) {
    snprintf(why, why_size, "software parameters not accepted: %s", snd_strerror(r));
    return r;
  }
  *got_period = period_size;
  *got_buffer = buffer_size;
  return 0;
}

/* Writes the prefill (silence) that keeps playback a fixed number of periods behind capture. */
static int prefill(duplex *d) {
  for (unsigned i = 0; i < d->options.prefill_periods; i++) {
    snd_pcm_sframes_t r = snd_pcm_writei(d->playback, d->silence, d->options.period_frames);
    if (r < 0) return (int)r;
  }
  return 0;
}

/*
 * Opens without waiting (a card held by another program answers -EBUSY at once instead of
 * blocking the thread until it is free), then switches to blocking reads and writes.
 */
static int open_blocking(snd_pcm_t **pcm, const char *name, snd_pcm_stream_t stream) {
  int r = snd_pcm_open(pcm, name, stream, SND_PCM_NONBLOCK);
  if (r < 0) {
    *pcm = NULL;
    return r;
  }
  return snd_pcm_nonblock(*pcm, 0);
}

static int open_both(duplex *d, char *why, size_t why_size) {
  int r;
  const duplex_options *o = &d->options;
  snd_pcm_uframes_t cap_period, cap_buffer, play_period, play_buffer;
  if ((r = open_blocking(&d->capture, d->pcm_name, SND_PCM_STREAM_CAPTURE)) < 0) {
    snprintf(why, why_size, "cannot open capture on %s: %s", d->pcm_name, snd_strerror(r));
    return r;
  }
  if ((r = open_blocking(&d->playback, d->pcm_name, SND_PCM_STREAM_PLAYBACK)) < 0) {
    snprintf(why, why_size, "cannot open playback on %s: %s", d->pcm_name, snd_strerror(r));
    return r;
  }
  if ((r = set_params(d->capture, o->period_frames, o->capture_periods, 1, why, why_size, &cap_period, &cap_buffer)) < 0) return r;
  if ((r = set_params(d->playback, o->period_frames, o->playback_periods, (snd_pcm_uframes_t)o->period_frames * o->prefill_periods, why,
                      why_size, &play_period, &play_buffer)) < 0)
    return r;
  if (cap_period != o->period_frames || play_period != o->period_frames) {
    snprintf(why, why_size, "card chose periods of %lu/%lu frames instead of %u", cap_period, play_period, o->period_frames);
    return -EINVAL;
  }
  if ((r = prefill(d)) < 0 || (r = snd_pcm_start(d->capture)) < 0) {
    snprintf(why, why_size, "cannot start %s: %s", d->pcm_name, snd_strerror(r));
    return r;
  }
  snprintf(why, why_size, "rate %u Hz, period %lu frames, capture buffer %lu, playback buffer %lu, prefill %u periods", RATE_HZ,
           cap_period, cap_buffer, play_buffer, o->prefill_periods);
  return 0;
}

static void close_both(duplex *d) {
  if (d->capture) snd_pcm_close(d->capture);
  if (d->playback) snd_pcm_close(d->playback);
  d->capture = d->playback = NULL;
}

static snd_pcm_sframes_t read_period(duplex *d, int16_t *buffer) {
  int injected = atomic_exchange(&d->inject_capture, 0);
  if (injected) return -injected;
  unsigned got = 0;
  while (got < d->options.period_frames) {
    snd_pcm_sframes_t r = snd_pcm_readi(d->capture, buffer + got, d->options.period_frames - got);
    if (r == -EAGAIN || r == -EINTR) continue;
    if (r < 0) return r;
    got += (unsigned)r;
  }
  return got;
}

/* The next period to play: the oldest queued one, or silence. */
static void next_playback(duplex *d, int16_t *out) {
  unsigned n = d->options.period_frames;
  pthread_mutex_lock(&d->lock);
  if (d->queue_count > 0) {
    memcpy(out, d->queue + (size_t)d->queue_head * n, sizeof(int16_t) * n);
    d->queue_head = (d->queue_head + 1) % d->options.queue_frames;
    d->queue_count--;
  } else {
    memcpy(out, d->silence, sizeof(int16_t) * n);
  }
  pthread_mutex_unlock(&d->lock);
}

static snd_pcm_sframes_t write_period(duplex *d, const int16_t *samples) {
  int injected = atomic_exchange(&d->inject_playback, 0);
  if (injected) return -injected;
  /* A playback clock slower than capture would make writei block and starve capture: drop instead. */
  snd_pcm_sframes_t avail = snd_pcm_avail_update(d->playback);
  if (avail < 0) return avail;
  if ((snd_pcm_uframes_t)avail < d->options.period_frames) return 0;
  return snd_pcm_writei(d->playback, samples, d->options.period_frames);
}

/* Returns 0 when recovered (and reported), or the error that ends the thread. */
static int recover(duplex *d, int capture, int error) {
  snd_pcm_t *pcm = capture ? d->capture : d->playback;
  if (is_gone(error)) return error;
  int r = snd_pcm_recover(pcm, error, 1);
  if (r < 0) return r;
  if (capture) r = snd_pcm_start(pcm);
  else r = prefill(d);
  if (r < 0) return r;
  if (emit_message(d, DUPLEX_XRUN, "%s %s (%s), recovered", capture ? "capture" : "playback", capture ? "overrun" : "underrun",
               snd_strerror(error)) < 0)
    atomic_store(&d->stop, 1);
  return 0;
}

static void finish(duplex *d, duplex_event_kind kind, const char *message) {
  close_both(d);
  emit_message(d, kind, "%s", message);
  d->options.finished(d->options.ctx);
}

static void *run(void *arg) {
  duplex *d = arg;
  char why[480];
  int16_t *captured = malloc(sizeof(int16_t) * d->options.period_frames);
  int16_t *played = malloc(sizeof(int16_t) * d->options.period_frames);
  int r = captured && played ? open_both(d, why, sizeof(why)) : -ENOMEM;
  if (r < 0 && alsa_said[0]) {
    size_t used = strlen(why);
    snprintf(why + used, sizeof(why) - used, " (%s)", alsa_said);
  }
  if (r < 0) {
    finish(d, is_gone(r) ? DUPLEX_GONE : DUPLEX_FAILED, why);
  } else if (emit_message(d, DUPLEX_OPEN, "%s", why) < 0) {
    finish(d, DUPLEX_CLOSED, "consumer went away");
  } else {
    for (;;) {
      if (atomic_load(&d->stop)) {
        finish(d, DUPLEX_CLOSED, "closed");
        break;
      }
      snd_pcm_sframes_t n = read_period(d, captured);
      if (n < 0) {
        if ((r = recover(d, 1, (int)n)) == 0) continue;
        snprintf(why, sizeof(why), "capture on %s: %s", d->pcm_name, snd_strerror(r));
        finish(d, is_gone(r) ? DUPLEX_GONE : DUPLEX_FAILED, why);
        break;
      }
      /* Playback first: the card is fed before JavaScript sees the frame, so a frame played in
         answer to capture k always goes out in slot k + 1, however fast the event loop is. */
      next_playback(d, played);
      n = write_period(d, played);
      /* After an underrun the same period is written again: recovery loses no queued audio. */
      if (n < 0 && (r = recover(d, 0, (int)n)) == 0 && (n = write_period(d, played)) < 0) r = (int)n;
      if (n < 0 && r < 0) {
        snprintf(why, sizeof(why), "playback on %s: %s", d->pcm_name, snd_strerror(r));
        finish(d, is_gone(r) ? DUPLEX_GONE : DUPLEX_FAILED, why);
        break;
      }
      if (emit_frame(d, captured) < 0) atomic_store(&d->stop, 1);
    }
  }
  free(captured);
  free(played);
  return NULL;
}

duplex *duplex_start(const duplex_options *options, char *error, size_t error_size) {
  if (options->period_frames == 0 || options->queue_frames == 0 || options->prefill_periods >= options->playback_periods) {
    snprintf(error, error_size, "invalid options: period and queue must be positive, prefill below the playback buffer");
    return NULL;
  }
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, install_error_handler);
  duplex *d = calloc(1, sizeof(*d));
  if (!d) return NULL;
  d->options = *options;
  snprintf(d->pcm_name, sizeof(d->pcm_name), "%s", options->pcm_name);
  d->options.pcm_name = d->pcm_name;
  d->queue = calloc((size_t)options->queue_frames * options->period_frames, sizeof(int16_t));
  d->silence = calloc(options->period_frames, sizeof(int16_t));
  pthread_mutex_init(&d->lock, NULL);
  if (!d->queue || !d->silence || pthread_create(&d->thread, NULL, run, d) != 0) {
    snprintf(error, error_size, "cannot start the audio thread");
    pthread_mutex_destroy(&d->lock);
    free(d->queue);
    free(d->silence);
    free(d);
    return NULL;
  }
  return d;
}

int duplex_play(duplex *d, const int16_t *samples) {
  unsigned n = d->options.period_frames, cap = d->options.queue_frames;
  int dropped = 0;
  pthread_mutex_lock(&d->lock);
  if (d->queue_count == cap) {
    d->queue_head = (d->queue_head + 1) % cap;
    d->queue_count--;
    dropped = 1;
  }
  unsigned tail = (d->queue_head + d->queue_count) % cap;
  memcpy(d->queue + (size_t)tail * n, samples, sizeof(int16_t) * n);
  d->queue_count++;
  pthread_mutex_unlock(&d->lock);
  return dropped;
}

unsigned duplex_queued(duplex *d) {
  pthread_mutex_lock(&d->lock);
  unsigned n = d->queue_count;
  pthread_mutex_unlock(&d->lock);
  return n;
}

void duplex_stop(duplex *d) { atomic_store(&d->stop, 1); }

void duplex_inject(duplex *d, int capture, int error) { atomic_store(capture ? &d->inject_capture : &d->inject_playback, error); }

void duplex_free(duplex *d) {
  pthread_join(d->thread, NULL);
  pthread_mutex_destroy(&d->lock);
  free(d->queue);
  free(d->silence);
  free(d);
}
