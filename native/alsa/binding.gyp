{
  "targets": [
    {
      "target_name": "dialtone_alsa",
      "sources": ["dialtone_alsa.c", "duplex.c"],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lasound", "-lpthread"]
    }
  ]
}
