# Reload without downtime (issue 13), included by tests/CMakeLists.txt.
#
# reload_under_load  tests/test_reload.py: rxmap serves a CSV layer under load from 8 keep-alive
#                    clients; the CSV changes and SIGHUP, a failed reload (the CSV missing), a
#                    change and `rxmap import` (which signals the server): every answer 200, /info
#                    and the tile pixel at 千代田区 show each new value, never an older one after a
#                    newer; reload time and requests/s printed.
add_test(NAME reload_under_load
  COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/test_reload.py $<TARGET_FILE:rxmap> ${CMAKE_SOURCE_DIR})
set_tests_properties(reload_under_load PROPERTIES TIMEOUT 300 LABELS server)
# reload_db_poll     the same load against `rxmap serve --db --db-poll-seconds 1`: a CSV change and
#                    `rxmap import --db --force --no-reload`; the node follows the pointer switch by
#                    itself, every answer 200, /info and the pixel show the new value. Needs
#                    PostgreSQL + PostGIS (.ci/services.sh); skipped without them.
add_test(NAME reload_db_poll
  COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/test_reload.py $<TARGET_FILE:rxmap> ${CMAKE_SOURCE_DIR} db)
set_tests_properties(reload_db_poll PROPERTIES TIMEOUT 600 LABELS cluster SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
