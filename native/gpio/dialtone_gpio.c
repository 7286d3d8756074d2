/*
 * dialtone_gpio: the Linux GPIO character device (uAPI v2, include/uapi/linux/gpio.h)
 * for Node, in plain N-API. One request per line; edge events are read when libuv's
 * uv_poll says the request fd is readable, so nothing blocks the main thread.
 *
 * Exports:
 *   chipInfo(path) -> { name, label, lines }           GPIO_GET_CHIPINFO_IOCTL
 *   requestLine(path, offset, flags, outputValue, consumer) -> fd
 *                                                      GPIO_V2_GET_LINE_IOCTL
 *   getValue(fd) -> boolean                            GPIO_V2_LINE_GET_VALUES_IOCTL
 *   setValue(fd, boolean)                              GPIO_V2_LINE_SET_VALUES_IOCTL
 *   watch(fd, callback(error, events, readNs)) -> handle   (events: struct gpio_v2_line_event)
 *   unwatch(handle)
 *   close(fd)
 *   flags: { INPUT, OUTPUT, EDGE_RISING, EDGE_FALLING, BIAS_PULL_UP, BIAS_PULL_DOWN, BIAS_DISABLED }
 *
 * Failures throw an Error whose `code` is the errno name (ENOENT, EACCES, EBUSY, ENOTTY, ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#define CHECK(env, call)                                                   \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error((env), "EADDON", "dialtone_gpio: " #call " failed"); \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

static const char *errno_code(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EBUSY: return "EBUSY";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ENODEV: return "ENODEV";
    case EBADF: return "EBADF";
    case EIO: return "EIO";
    default: return "EIO";
  }
}

static napi_value make_error(napi_env env, int e, const char *what) {
  char text[320];
  if (e == ENOTTY)
    snprintf(text, sizeof text, "%s: not a GPIO character device (%s)", what, strerror(e));
  else
    snprintf(text, sizeof text, "%s: %s", what, strerror(e));
  napi_value code, msg, error;
  napi_create_string_utf8(env, errno_code(e), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  return error;
}

static napi_value throw_errno(napi_env env, int e, const char *what) {
  napi_throw(env, make_error(env, e, what));
  return NULL;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: missing arguments");
    return 0;
  }
  return 1;
}

static int get_path(napi_env env, napi_value value, char *out, size_t size) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, value, out, size, &len) != napi_ok || len == 0 || len >= size - 1) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: path must be a non-empty string");
    return 0;
  }
  return 1;
}

static int get_int(napi_env env, napi_value value, int64_t *out) {
  if (napi_get_value_int64(env, value, out) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: expected a number");
    return 0;
  }
  return 1;
}

static napi_value set_string(napi_env env, napi_value obj, const char *key, const char *text) {
  napi_value v;
  if (napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &v) != napi_ok) return NULL;
  if (napi_set_named_property(env, obj, key, v) != napi_ok) return NULL;
  return obj;
}

static napi_value set_u32(napi_env env, napi_value obj, const char *key, uint32_t n) {
  napi_value v;
  if (napi_create_uint32(env, n, &v) != napi_ok) return NULL;
  if (napi_set_named_property(env, obj, key, v) != napi_ok) return NULL;
  return obj;
}

/* chipInfo(path): GPIO_GET_CHIPINFO_IOCTL on the chip device. */
static napi_value chip_info(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char path[256];
  if (!get_args(env, info, 1, argv) || !get_path(env, argv[0], path, sizeof path)) return NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return throw_errno(env, errno, path);
  struct gpiochip_info ci;
  memset(&ci, 0, sizeof ci);
  int rc = ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &ci);
  int e = errno;
  close(fd);
  if (rc < 0) return throw_errno(env, e, path);
  napi_value obj;
  CHECK(env, napi_create_object(env, &obj));
  ci.name[sizeof ci.name - 1] = 0;
  ci.label[sizeof ci.label - 1] = 0;
  if (!set_string(env, obj, "name", ci.name) || !set_string(env, obj, "label", ci.label) ||
      !set_u32(env, obj, "lines", ci.lines))
    return NULL;
  return obj;
}

/* requestLine(path, offset, flags, outputValue, consumer): one line per request. */
static napi_value request_line(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  char path[256];
  char consumer[GPIO_MAX_NAME_SIZE] = {0};
  int64_t offset, flags, output;
  size_t len;
  if (!get_args(env, info, 5, argv) || !get_path(env, argv[0], path, sizeof path) ||
      !get_int(env, argv[1], &offset) || !get_int(env, argv[2], &flags) || !get_int(env, argv[3], &output))
    return NULL;
  if (napi_get_value_string_utf8(env, argv[4], consumer, sizeof consumer, &len) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: consumer must be a string");
    return NULL;
  }
  if (offset < 0 || offset > UINT32_MAX || flags < 0) {
    napi_throw_range_error(env, "EINVAL", "dialtone_gpio: offset and flags must be non-negative");
    return NULL;
  }
  struct gpio_v2_line_request req;
  memset(&req, 0, sizeof req);
  req.offsets[0] = (uint32_t)offset;
  req.num_lines = 1;
  memcpy(req.consumer, consumer, sizeof req.consumer);
  req.config.flags = (uint64_t)flags;
  if ((flags & GPIO_V2_LINE_FLAG_OUTPUT) && output >= 0) {
    req.config.num_attrs = 1;
    req.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
    req.config.attrs[0].attr.values = output ? 1 : 0;
    req.config.attrs[0].mask = 1;
  }
  int chip = open(path, O_RDWR | O_CLOEXEC);
  if (chip < 0) return throw_errno(env, errno, path);
  int rc = ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req);
  int e = errno;
  close(chip);
  if (rc < 0) return throw_errno(env, e, path);
  napi_value fd;
  CHECK(env, napi_create_int32(env, req.fd, &fd));
  return fd;
}

static napi_value get_value(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !get_int(env, argv[0], &fd)) return NULL;
  struct gpio_v2_line_values values = {.bits = 0, .mask = 1};
  if (ioctl((int)fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &values) < 0) return throw_errno(env, errno, "get values");
  napi_value out;
  CHECK(env, napi_get_boolean(env, (values.bits & 1) != 0, &out));
  return out;
}

static napi_value set_value(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd;
  bool high;
  if (!get_args(env, info, 2, argv) || !get_int(env, argv[0], &fd)) return NULL;
  if (napi_get_value_bool(env, argv[1], &high) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: value must be a boolean");
    return NULL;
  }
  struct gpio_v2_line_values values = {.bits = high ? 1 : 0, .mask = 1};
  if (ioctl((int)fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &values) < 0) return throw_errno(env, errno, "set values");
  return NULL;
}

static napi_value close_fd(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !get_int(env, argv[0], &fd)) return NULL;
  if (close((int)fd) < 0) return throw_errno(env, errno, "close");
  return NULL;
}

/* A watched request fd: libuv polls it on the main loop; each readable wakeup reads whole events. */
typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  int fd;
  int stopped;
} watcher_t;

#define EVENT_BATCH 16

static void free_watcher(uv_handle_t *handle) { free(handle->data); }

static void stop_watcher(watcher_t *w) {
  if (w->stopped) return;
  w->stopped = 1;
  uv_poll_stop(&w->poll);
  napi_delete_reference(w->env, w->callback);
  napi_async_destroy(w->env, w->context);
  uv_close((uv_handle_t *)&w->poll, free_watcher);
}

static uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static napi_value event_object(napi_env env, const struct gpio_v2_line_event *ev) {
  napi_value obj, rising, ts;
  if (napi_create_object(env, &obj) != napi_ok) return NULL;
  napi_get_boolean(env, ev->id == GPIO_V2_LINE_EVENT_RISING_EDGE, &rising);
  napi_set_named_property(env, obj, "rising", rising);
  napi_create_bigint_uint64(env, ev->timestamp_ns, &ts);
  napi_set_named_property(env, obj, "timestampNs", ts);
  set_u32(env, obj, "offset", ev->offset);
  set_u32(env, obj, "seqno", ev->seqno);
  set_u32(env, obj, "lineSeqno", ev->line_seqno);
  return obj;
}

/* Calls the JS callback as (error, events, readNs); an exception thrown there is reported as uncaught. */
static void deliver(watcher_t *w, napi_value error, napi_value events, uint64_t read_ns) {
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value cb, recv, args[3], result;
  napi_get_reference_value(env, w->callback, &cb);
  napi_get_global(env, &recv);
  napi_get_null(env, &args[0]);
  if (error) args[0] = error;
  args[1] = events;
  if (!events) napi_get_null(env, &args[1]);
  napi_create_bigint_uint64(env, read_ns, &args[2]);
  if (napi_make_callback(env, w->context, recv, cb, 3, args, &result) == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
  napi_close_handle_scope(env, scope);
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  watcher_t *w = handle->data;
  if (w->stopped) return;
  napi_handle_scope scope;
  napi_open_handle_scope(w->env, &scope);
  if (status < 0) {
    deliver(w, make_error(w->env, -status, "poll"), NULL, monotonic_ns());
    stop_watcher(w);
    napi_close_handle_scope(w->env, scope);
    return;
  }
  struct gpio_v2_line_event buf[EVENT_BATCH];
  ssize_t n = read(w->fd, buf, sizeof buf);
  uint64_t read_ns = monotonic_ns();
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
    napi_close_handle_scope(w->env, scope);
    return;
  }
  if (n <= 0 || n % sizeof buf[0] != 0) {
    int e = n < 0 ? errno : EIO;
    deliver(w, make_error(w->env, e, n == 0 ? "read events: end of stream" : "read events"), NULL, read_ns);
    stop_watcher(w);
    napi_close_handle_scope(w->env, scope);
    return;
  }
  size_t count = (size_t)n / sizeof buf[0];
  napi_value list;
  napi_create_array_with_length(w->env, count, &list);
  for (size_t i = 0; i < count; i++) napi_set_element(w->env, list, (uint32_t)i, event_object(w->env, &buf[i]));
  deliver(w, NULL, list, read_ns);
  napi_close_handle_scope(w->env, scope);
}

static void finalize_handle(napi_env env, void *data, void *hint) {}

/* watch(fd, callback): starts polling; the returned handle is passed to unwatch(). */
static napi_value watch(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd;
  napi_valuetype type;
  if (!get_args(env, info, 2, argv) || !get_int(env, argv[0], &fd)) return NULL;
  if (napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: watch needs a callback");
    return NULL;
  }
  uv_loop_t *loop;
  CHECK(env, napi_get_uv_event_loop(env, &loop));
  watcher_t *w = calloc(1, sizeof *w);
  if (!w) return throw_errno(env, ENOMEM, "watch");
  w->env = env;
  w->fd = (int)fd;
  int rc = uv_poll_init(loop, &w->poll, (int)fd);
  if (rc < 0) {
    free(w);
    return throw_errno(env, -rc, "watch");
  }
  w->poll.data = w;
  napi_value name;
  napi_create_string_utf8(env, "dialtone_gpio.watch", NAPI_AUTO_LENGTH, &name);
  napi_create_reference(env, argv[1], 1, &w->callback);
  napi_async_init(env, NULL, name, &w->context);
  rc = uv_poll_start(&w->poll, UV_READABLE, on_readable);
  if (rc < 0) {
    stop_watcher(w);
    return throw_errno(env, -rc, "watch");
  }
  napi_value handle;
  CHECK(env, napi_create_external(env, w, finalize_handle, NULL, &handle));
  return handle;
}

/* unwatch(handle): stops polling; idempotent. The fd stays open (close() it after). */
static napi_value unwatch(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void *data;
  if (!get_args(env, info, 1, argv)) return NULL;
  if (napi_get_value_external(env, argv[0], &data) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "dialtone_gpio: unwatch needs a watch handle");
    return NULL;
  }
  stop_watcher(data);
  return NULL;
}

static napi_value flag_table(napi_env env) {
  napi_value obj;
  napi_create_object(env, &obj);
  set_u32(env, obj, "INPUT", GPIO_V2_LINE_FLAG_INPUT);
  set_u32(env, obj, "OUTPUT", GPIO_V2_LINE_FLAG_OUTPUT);
  set_u32(env, obj, "EDGE_RISING", GPIO_V2_LINE_FLAG_EDGE_RISING);
  set_u32(env, obj, "EDGE_FALLING", GPIO_V2_LINE_FLAG_EDGE_FALLING);
  set_u32(env, obj, "BIAS_PULL_UP", GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
  set_u32(env, obj, "BIAS_PULL_DOWN", GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
  set_u32(env, obj, "BIAS_DISABLED", GPIO_V2_LINE_FLAG_BIAS_DISABLED);
  return obj;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"chipInfo", NULL, chip_info, NULL, NULL, NULL, napi_enumerable, NULL},
      {"requestLine", NULL, request_line, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getValue", NULL, get_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setValue", NULL, set_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"watch", NULL, watch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unwatch", NULL, unwatch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_fd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"flags", NULL, NULL, NULL, NULL, flag_table(env), napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
