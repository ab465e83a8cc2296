# Graceful shutdown of `rxmap serve` (issue 5), included by tests/CMakeLists.txt.
#
# shutdown_graceful  tests/test_shutdown.sh: for SIGTERM and for SIGINT, rxmap on a free
#                    port with its own --store and a fresh --cache-dir gets a burst of cold
#                    tile requests and the signal while renders are in flight; the process
#                    must exit 0 within 30 s, every request must get a whole answer (200 with
#                    a whole PNG, or a clean 503), and the disk cache must hold no partial
#                    files (tmp/ empty, every .meta index parses, its bodies are whole).
add_test(NAME shutdown_graceful
  COMMAND bash ${CMAKE_SOURCE_DIR}/tests/test_shutdown.sh $<TARGET_FILE:rxmap> ${CMAKE_SOURCE_DIR})
set_tests_properties(shutdown_graceful PROPERTIES
  TIMEOUT 300
  LABELS server)
