# The folder order (README.md, "Folders"), included by tests/CMakeLists.txt.
#
# dependencies_folder_order        no file includes from a folder above its own
# dependencies_upward_include_fails the check rejects a tree where layers/ includes from catalog/
#                                  and one where server/http/ includes from server/api/
add_test(NAME dependencies_folder_order
  COMMAND bash ${CMAKE_SOURCE_DIR}/tests/check_dependencies.sh ${CMAKE_SOURCE_DIR})
add_test(NAME dependencies_upward_include_fails
  COMMAND bash ${CMAKE_SOURCE_DIR}/tests/check_dependencies.sh ${CMAKE_SOURCE_DIR}/tests/fixtures/upward_include)
set_tests_properties(dependencies_upward_include_fails PROPERTIES
  PASS_REGULAR_EXPRESSION "layers/area.h:3: .*layers/ must not include from catalog/.*server/http/router.h:3: .*server/http/ must not include from server/api/")
