/*
 * N-API glue for duplex.c. JavaScript surface (hal/alsa/alsa-addon.ts types it):
 *   open(pcmName, {periodFrames, capturePeriods, playbackPeriods, prefillPeriods, queueFrames},
 *        onEvent(kind, payload)) → handle
 *   play(handle, Int16Array) → true when the oldest queued frame was dropped
 *   queued(handle) → frames waiting to be written
 *   close(handle)            (the "closed" event follows once the thread has closed the PCMs)
 *   inject(handle, "capture"|"playback", "EPIPE"|"ENODEV"|"EBADFD"|"ESTRPIPE")   test hook
 * Events: "open" (string), "frame" (Int16Array), "xrun" (string), and one terminal event,
 * "closed" | "gone" | "failed" (string). Every blocking ALSA call runs on the duplex thread;
 * events reach JavaScript through a thread-safe function.
 */
#include <errno.h>
#include <stdatomic.h>
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "duplex.h"

#define QUEUE_EVENTS 32

typedef struct {
  duplex *d;
  napi_threadsafe_function tsfn;
  int refs; /* the JS handle and the thread each hold one; touched on the main thread only */
  int finished;
  unsigned period_frames;
  atomic_int tsfn_closing; /* set by the duplex thread */
} handle;

static void unref(handle *h) {
  if (--h->refs > 0) return;
  if (h->d) duplex_free(h->d);
  free(h);
}

#define CHECK(env, call)                                   \
  do {                                                     \
    if ((call) != napi_ok) {                               \
      napi_throw_error(env, NULL, "N-API call failed: " #call); \
      return NULL;                                         \
    }                                                      \
  } while (0)

static const char *kind_name(duplex_event_kind kind) {
  switch (kind) {
    case DUPLEX_OPEN: return "open";
    case DUPLEX_FRAME: return "frame";
    case DUPLEX_XRUN: return "xrun";
    case DUPLEX_CLOSED: return "closed";
    case DUPLEX_GONE: return "gone";
    default: return "failed";
  }
}

static void call_js(napi_env env, napi_value callback, void *context, void *data) {
  duplex_event *event = data;
  if (env && callback) {
    napi_value argv[2], global;
    napi_create_string_utf8(env, kind_name(event->kind), NAPI_AUTO_LENGTH, &argv[0]);
    if (event->kind == DUPLEX_FRAME) {
      void *bytes;
      napi_value buffer;
      napi_create_arraybuffer(env, sizeof(int16_t) * event->count, &bytes, &buffer);
      memcpy(bytes, event->samples, sizeof(int16_t) * event->count);
      napi_create_typedarray(env, napi_int16_array, event->count, buffer, 0, &argv[1]);
    } else {
      napi_create_string_utf8(env, event->message, NAPI_AUTO_LENGTH, &argv[1]);
    }
    napi_get_global(env, &global);
    if (napi_call_function(env, global, callback, 2, argv, NULL) == napi_pending_exception) {
      /* A throwing listener is a bug: surface it as an uncaught exception, never swallow it. */
      napi_value error;
      napi_get_and_clear_last_exception(env, &error);
      napi_fatal_exception(env, error);
    }
  }
  free(event->samples);
  free(event);
}

static int emit(void *ctx, duplex_event *event) {
  handle *h = ctx;
  napi_status status = napi_call_threadsafe_function(h->tsfn, event, napi_tsfn_blocking);
  if (status == napi_ok) return 0;
  /* napi_closing: Node is shutting down; the function must not be touched again. */
  if (status == napi_closing) atomic_store(&h->tsfn_closing, 1);
  free(event->samples);
  free(event);
  return -1;
}

static void thread_finished(void *ctx) {
  handle *h = ctx;
  if (!atomic_load(&h->tsfn_closing)) napi_release_threadsafe_function(h->tsfn, napi_tsfn_release);
}

/* Runs on the main thread once the duplex thread released the thread-safe function. */
static void tsfn_finalize(napi_env env, void *data, void *hint) {
  handle *h = data;
  h->finished = 1;
  unref(h);
}

static void handle_finalize(napi_env env, void *data, void *hint) { unref(data); }

static unsigned option(napi_env env, napi_value options, const char *name, unsigned fallback) {
  napi_value value;
  bool has = false;
  uint32_t out = fallback;
  if (napi_has_named_property(env, options, name, &has) == napi_ok && has && napi_get_named_property(env, options, name, &value) == napi_ok)
    napi_get_value_uint32(env, value, &out);
  return out;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], name_value, result;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "open(pcmName, options, onEvent)");
    return NULL;
  }
  char pcm_name[256];
  size_t length;
  CHECK(env, napi_get_value_string_utf8(env, argv[0], pcm_name, sizeof(pcm_name), &length));
  handle *h = calloc(1, sizeof(*h));
  if (!h) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  h->refs = 2;
  CHECK(env, napi_create_string_utf8(env, "dialtone-alsa", NAPI_AUTO_LENGTH, &name_value));
  CHECK(env, napi_create_threadsafe_function(env, argv[2], NULL, name_value, QUEUE_EVENTS, 1, h, tsfn_finalize, h, call_js, &h->tsfn));
  duplex_options options = {
      .pcm_name = pcm_name,
      .period_frames = option(env, argv[1], "periodFrames", 160),
      .capture_periods = option(env, argv[1], "capturePeriods", 8),
      .playback_periods = option(env, argv[1], "playbackPeriods", 6),
      .prefill_periods = option(env, argv[1], "prefillPeriods", 2),
      .queue_frames = option(env, argv[1], "queueFrames", 25),
      .emit = emit,
      .finished = thread_finished,
      .ctx = h,
  };
  char error[200] = "";
  h->d = duplex_start(&options, error, sizeof(error));
  h->period_frames = options.period_frames;
  if (!h->d) {
    h->refs = 1; /* no JS handle will exist */
    napi_release_threadsafe_function(h->tsfn, napi_tsfn_abort);
    napi_throw_error(env, NULL, error);
    return NULL;
  }
  CHECK(env, napi_create_external(env, h, handle_finalize, NULL, &result));
  return result;
}

/* Reads `count` arguments into argv (missing ones are undefined); the first must be a handle. */
static handle *handle_args(napi_env env, napi_callback_info info, size_t count, napi_value *argv) {
  handle *h = NULL;
  if (napi_get_cb_info(env, info, &count, argv, NULL, NULL) != napi_ok || napi_get_value_external(env, argv[0], (void **)&h) != napi_ok || !h) {
    napi_throw_type_error(env, NULL, "not an ALSA handle");
    return NULL;
  }
  return h;
}

static napi_value js_play(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  handle *h = handle_args(env, info, 2, argv);
  if (!h) return NULL;
  napi_typedarray_type type;
  size_t count;
  void *data;
  if (napi_get_typedarray_info(env, argv[1], &type, &count, &data, NULL, NULL) != napi_ok || type != napi_int16_array) {
    napi_throw_type_error(env, NULL, "play expects an Int16Array");
    return NULL;
  }
  if (count != h->period_frames) {
    napi_throw_range_error(env, NULL, "play expects exactly one period of samples");
    return NULL;
  }
  int dropped = 0;
  if (!h->finished) dropped = duplex_play(h->d, data);
  CHECK(env, napi_get_boolean(env, dropped, &result));
  return result;
}

static napi_value js_queued(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  handle *h = handle_args(env, info, 1, argv);
  if (!h) return NULL;
  CHECK(env, napi_create_uint32(env, h->finished ? 0 : duplex_queued(h->d), &result));
  return result;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  handle *h = handle_args(env, info, 1, argv);
  if (h && !h->finished) duplex_stop(h->d);
  return NULL;
}

static int errno_named(const char *name) {
  if (strcmp(name, "EPIPE") == 0) return EPIPE;
  if (strcmp(name, "ESTRPIPE") == 0) return ESTRPIPE;
  if (strcmp(name, "ENODEV") == 0) return ENODEV;
  if (strcmp(name, "EBADFD") == 0) return EBADFD;
  return 0;
}

static napi_value js_inject(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char stream[16], name[16];
  handle *h = handle_args(env, info, 3, argv);
  if (!h) return NULL;
  CHECK(env, napi_get_value_string_utf8(env, argv[1], stream, sizeof(stream), NULL));
  CHECK(env, napi_get_value_string_utf8(env, argv[2], name, sizeof(name), NULL));
  int error = errno_named(name);
  if (!error) {
    napi_throw_range_error(env, NULL, "inject: unknown error name");
    return NULL;
  }
  if (!h->finished) duplex_inject(h->d, strcmp(stream, "capture") == 0, error);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"play", NULL, js_play, NULL, NULL, NULL, napi_default, NULL},
      {"queued", NULL, js_queued, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"inject", NULL, js_inject, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
