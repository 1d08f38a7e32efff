# One static library per layer of DESIGN.md: src/<layer>/*.cpp, public headers in include/hearth/<layer>/.
# A layer names the layers it may use; the link graph then enforces DESIGN.md's order
# (contrib/devtools/check-layers checks the includes).
function(hearth_add_layer layer)
  cmake_parse_arguments(ARG "" "" "DEPS;EXTERNAL" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/${layer}/*.cpp")
  set(deps)
  foreach(dep IN LISTS ARG_DEPS)
    list(APPEND deps hearth_${dep})
  endforeach()
  if(sources)
    add_library(hearth_${layer} STATIC ${sources})
    target_include_directories(hearth_${layer} PUBLIC "${CMAKE_SOURCE_DIR}/include")
    target_link_libraries(hearth_${layer} PUBLIC ${deps} ${ARG_EXTERNAL})
  else()
    # A layer with headers only (or not started yet) is an interface library.
    add_library(hearth_${layer} INTERFACE)
    target_include_directories(hearth_${layer} INTERFACE "${CMAKE_SOURCE_DIR}/include")
    target_link_libraries(hearth_${layer} INTERFACE ${deps} ${ARG_EXTERNAL})
  endif()
endfunction()

# GoogleTest binary per layer: tests/unit/<layer>/*_tests.cpp, linked only to that layer (and what it uses).
function(hearth_add_unit_tests layer)
  cmake_parse_arguments(ARG "" "" "EXTRA" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/${layer}/*.cpp")
  if(NOT sources)
    return()
  endif()
  add_executable(hearth_${layer}_tests ${sources})
  target_link_libraries(hearth_${layer}_tests PRIVATE hearth_${layer} hearth_testutil ${ARG_EXTRA} GTest::gtest_main)
  gtest_discover_tests(hearth_${layer}_tests DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "HEARTH_VECTORS=${HEARTH_VECTORS_DIR}" LABELS unit)
endfunction()
