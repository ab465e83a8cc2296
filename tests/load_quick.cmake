# Quick hostile-load checks (issue 11; the full suite is bench/load.sh), included by
# tests/CMakeLists.txt. tests/test_load_quick.py CASE starts rxmap on a free loopback port with
# its own --store and a fresh --cache-dir; clients come from 127.0.0.x source addresses.
#
# load_quick_storm         100 distinct cold metatiles at once: a stored tile (another client)
#                          answers 200 in < 200 ms every time; every storm request 200 or 503.
# load_quick_client_flood  --max-client-connections 16, 200 idle keep-alive connections from
#                          127.0.0.1: 127.0.0.2's tiles are 200 in < 1 s; 127.0.0.1 gets <= 16.
# load_quick_bare_lf       600-byte bare-LF requests (a long request line; a long header) and a
#                          100-byte one: 400 within 1 s.
foreach(case storm client-flood bare-lf)
  string(REPLACE "-" "_" name "load_quick_${case}")
  add_test(NAME ${name}
    COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/test_load_quick.py $<TARGET_FILE:rxmap> ${CMAKE_SOURCE_DIR} ${case})
  set_tests_properties(${name} PROPERTIES TIMEOUT 180 LABELS server)
endforeach()
# A latency bound: not while other tests load the two cores.
set_tests_properties(load_quick_storm PROPERTIES RUN_SERIAL TRUE)
