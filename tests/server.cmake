# Tests of server/ (included by tests/CMakeLists.txt).
# The HTTP core without sockets, one binary (one link): request targets and tile paths, router, JSON
# errors, access-log lines, finalize_response (CORS, 304, gzip, Vary) and the response head, and the fuzz
# target's seed corpus through the target's entry point (any compiler).
rxmap_test(test_server_units SOURCES test_request_parser.cpp test_server_units.cpp test_server_finalize.cpp
  test_server_fuzz_corpus.cpp fuzz/fuzz_request_target.cpp LIBS rxmap_server)
# The HTTP server with fake services (test_http_server_*.cpp, one binary; http_server_support.h).
rxmap_test(test_http_server SOURCES test_http_server_requests.cpp test_http_server_limits.cpp
  test_http_server_lifecycle.cpp LIBS rxmap_server)
# Issue 5 (HTTP): caching headers, CORS, gzip, /metrics, /readyz, limits (fake services).
rxmap_test(test_server_http_features SOURCES test_server_caching_cors.cpp test_server_gzip_metrics.cpp
  LIBS rxmap_server)
# The same on the real catalog and engine: TileJSON, WMTS (GDAL's WMTS driver), /metrics.
rxmap_test(test_server_layers SOURCES test_server_layers.cpp LIBS rxmap_services)
# libFuzzer build of the fuzz target (fuzz/fuzz_request_target.cpp): clang only, off by default (tests/fuzz/run.sh turns it on).
option(RXMAP_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang and libclang-rt-dev)" OFF)
if(RXMAP_FUZZ)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    add_subdirectory(fuzz)
  else()
    message(WARNING "RXMAP_FUZZ=ON needs clang (CMAKE_CXX_COMPILER=clang++-14); the fuzz targets are skipped")
  endif()
endif()
# Issue 12 (the official's workflow): search, rank, values (CSV/XLSX/GeoJSON), Japanese
# facility names, prints of every size, layer guides; on the real catalog.
rxmap_test(test_server_official SOURCES test_server_search_rank.cpp test_server_values_guides.cpp
  LIBS rxmap_services)
# Issue 20 (what a person reads): states instead of sentinels, units, /layers format, higher_is and
# rank_scopes, legend labels and CSV digits; on the real catalog.
rxmap_test(test_server_readings SOURCES test_server_readings.cpp LIBS rxmap_services)
# The viewer's files: strong ETags from etag.h, 304 from the session (plain and gzip copies).
rxmap_test(test_static_service SOURCES test_static_service.cpp LIBS rxmap_services)
# Issue 21 (hardening): the export budget and cache with an /info probe during an export
# flood, /metrics allow-list, foreign Host, nosniff on every answer, strict numbers.
rxmap_test(test_server_hardening SOURCES test_server_hardening.cpp LIBS rxmap_services)
