# Maps of the house (tests/check_readmes.py), included by tests/CMakeLists.txt.
#
# readmes_name_every_file   every top-level folder has a README.md naming each file git tracks in it
# readmes_gaps_fail         the check rejects tests/fixtures/readme_gaps/: a folder without README, a
#                           file left out (store.h beside disk_store.*), a row for a file that is gone
#
# Pending (printed, not failing): no folder of the repository now (web/README.md names every file
# since issue 20). readmes_gaps_fail keeps `--pending web` on its fixture, whose web/ must still be
# reported as "pending:" and not counted among its 4 gaps.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  set(RXMAP_PYTHON ${Python3_EXECUTABLE})
else()
  set(RXMAP_PYTHON python3)  # still registered: the test must run (setup.sh installs python3)
endif()
add_test(NAME readmes_name_every_file
  COMMAND ${RXMAP_PYTHON} ${CMAKE_SOURCE_DIR}/tests/check_readmes.py ${CMAKE_SOURCE_DIR})
add_test(NAME readmes_gaps_fail
  COMMAND ${RXMAP_PYTHON} ${CMAKE_SOURCE_DIR}/tests/check_readmes.py
          ${CMAKE_SOURCE_DIR}/tests/fixtures/readme_gaps --pending web)
set_tests_properties(readmes_gaps_fail PROPERTIES
  PASS_REGULAR_EXPRESSION "print/: no README.md.*does not name tiles/store.h.*does not name tiles/tile_engine.cpp.*names `gone.cpp`, which is not in tiles/.*pending: web/README.md: does not name web/build.mjs.*4 gap\\(s\\)")
