# Debian ships no CMake or pkg-config file for Mapnik: build an imported target
# from mapnik-config. Its -D definitions (BIGINT, MAPNIK_THREADSAFE, HAVE_CAIRO,
# GRID_RENDERER, ...) change types and the ABI, so every user must get them.
find_program(MAPNIK_CONFIG mapnik-config REQUIRED)
execute_process(COMMAND ${MAPNIK_CONFIG} --cflags OUTPUT_VARIABLE _mapnik_cflags OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${MAPNIK_CONFIG} --libs OUTPUT_VARIABLE _mapnik_libs OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${MAPNIK_CONFIG} --dep-libs OUTPUT_VARIABLE _mapnik_dep_libs OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${MAPNIK_CONFIG} --input-plugins OUTPUT_VARIABLE MAPNIK_INPUT_PLUGINS OUTPUT_STRIP_TRAILING_WHITESPACE)

separate_arguments(_mapnik_cflags UNIX_COMMAND "${_mapnik_cflags}")
set(_defs)
set(_incs)
foreach(flag IN LISTS _mapnik_cflags)
  if(flag MATCHES "^-D(.*)")
    list(APPEND _defs "${CMAKE_MATCH_1}")
  elseif(flag MATCHES "^-I(.*)")
    list(APPEND _incs "${CMAKE_MATCH_1}")
  endif()
  # -std, -O, -g and warning flags are the project's own business.
endforeach()
list(REMOVE_ITEM _defs NDEBUG)

separate_arguments(_mapnik_link UNIX_COMMAND "${_mapnik_libs} ${_mapnik_dep_libs}")
add_library(mapnik::mapnik INTERFACE IMPORTED)
set_target_properties(mapnik::mapnik PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS "${_defs}"
  INTERFACE_INCLUDE_DIRECTORIES "${_incs}"
  INTERFACE_LINK_LIBRARIES "${_mapnik_link}")
# Mapnik's headers are noisy under -Wextra; mark them as system headers.
set_target_properties(mapnik::mapnik PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_incs}")
