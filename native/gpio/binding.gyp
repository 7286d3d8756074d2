{
  "targets": [
    {
      "target_name": "dialtone_gpio",
      "sources": ["dialtone_gpio.c"],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
