# Helpers that keep every module's CMakeLists.txt to a few lines.
#
#   ipe_add_module(core SOURCES a.cc b.cc DEPS ...)       -> static library ipe_core, includes from src/
#   ipe_add_test(core_test SOURCES x_test.cc DEPS ipe_core)  -> gtest binary registered with ctest
#   ipe_add_benchmark(match_benchmark SOURCES ... DEPS ...)  -> benchmark binary + ctest smoke run

function(ipe_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(ipe_${name} STATIC ${ARG_SOURCES})
  target_include_directories(ipe_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(ipe_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# The compile settings every test executable shares, and so the targets holding their precompiled
# headers: g++ uses a .gch only in a compile whose options match the ones it was made with.
function(_ipe_test_compile_settings target)
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR})
  target_compile_definitions(${target} PRIVATE IPE_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  # The tests' own code is built for a short build, not a fast run: the code under test is in the
  # modules' libraries, built as the project is. docs/contributing.md "How long the test command takes" has the figures.
  if(IPE_TEST_OPTIMIZATION)
    target_compile_options(${target} PRIVATE ${IPE_TEST_OPTIMIZATION})
  endif()
  # g++ 12 reports false -Warray-bounds and -Wstringop-overflow inside <string>'s operator+ (the
  # family of GCC bug 105329, see -Wno-restrict in CMakeLists.txt) when <string> comes from the
  # precompiled header: 7 test sources, e.g. src/credit/risk_grade_test.cc, silent when the same
  # headers are parsed. Both checks are about memory the tests' code does not manage by hand.
  if(IPE_TEST_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow)
  endif()
  # ccache caches a compile that uses a precompiled header only with this sloppiness (ccache manual,
  # "Precompiled headers"); ccache 4.7 takes it from the environment, not the command line.
  if(IPE_TEST_PCH AND IPE_CCACHE)
    set_target_properties(${target} PROPERTIES
      CXX_COMPILER_LAUNCHER "env;CCACHE_SLOPPINESS=pch_defines,time_macros;${IPE_CCACHE}")
  endif()
endfunction()

# ipe_test_pch and ipe_test_pch_http: the third-party and standard headers that the test sources
# include, parsed once (IPE_TEST_PCH). g++ loads a precompiled header whole into every source that
# uses it, so each holds only what its users include: gtest for all, nlohmann/json for the HTTP tests.
# Project headers stay out: they change often, and a change to a precompiled header recompiles
# every test source that uses it.
function(_ipe_add_test_pch target)
  add_library(${target} OBJECT ${CMAKE_SOURCE_DIR}/tests/support/test_pch.cc)
  target_link_libraries(${target} PRIVATE GTest::gtest GTest::gmock)
  _ipe_test_compile_settings(${target})
  foreach(header ${ARGN})
    target_precompile_headers(${target} PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:<${header}$<ANGLE-R>>")
  endforeach()
endfunction()

function(ipe_add_test name)
  if(NOT IPE_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  _ipe_test_compile_settings(${name})
  if(IPE_TEST_PCH)
    if(NOT TARGET ipe_test_pch)
      _ipe_add_test_pch(ipe_test_pch gtest/gtest.h string vector map filesystem fstream)
      _ipe_add_test_pch(ipe_test_pch_http gtest/gtest.h nlohmann/json.hpp string vector map filesystem fstream)
    endif()
    if(ARG_SOURCES MATCHES "test_server\\.cc")
      target_precompile_headers(${name} REUSE_FROM ipe_test_pch_http)
    else()
      target_precompile_headers(${name} REUSE_FROM ipe_test_pch)
    endif()
  endif()
  # HTTP tests (tests/http/test_server.cc) check every response against the server's contract
  # with http/json_schema.h and leave their counts in build/contract/ (scripts/test.sh sums them).
  if(ARG_SOURCES MATCHES "test_server\\.cc")
    target_link_libraries(${name} PRIVATE ipe_http)
    target_compile_definitions(${name} PRIVATE IPE_CONTRACT_DIR="${CMAKE_BINARY_DIR}/contract")
  endif()
  if(ARG_LABELS)
    gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# ipe_add_fuzz_replay_test(<name> FUZZER <fuzz target source> INPUTS <folder>... DEPS <lib>...)
# Replays every file in the INPUTS folders (a target's seed corpus and its past crashes) through
# the fuzz target under the ordinary compiler: tests/support/fuzz_replay_test.cc.
function(ipe_add_fuzz_replay_test name)
  cmake_parse_arguments(ARG "" "FUZZER" "INPUTS;DEPS" ${ARGN})
  ipe_add_test(${name} SOURCES ${CMAKE_SOURCE_DIR}/tests/support/fuzz_replay_test.cc ${ARG_FUZZER}
               DEPS ${ARG_DEPS})
  if(TARGET ${name})
    list(JOIN ARG_INPUTS "|" _dirs)
    target_compile_definitions(${name} PRIVATE IPE_FUZZ_INPUT_DIRS="${_dirs}")
  endif()
endfunction()

function(ipe_add_benchmark name)
  if(NOT IPE_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  # Smoke run so benchmarks keep building and running; figures come from scripts/bench.sh.
  add_test(NAME ${name}_smoke COMMAND ${name} --benchmark_min_time=0)
  set_tests_properties(${name}_smoke PROPERTIES LABELS "bench")
endfunction()

# ipe_embed_file(<target> <symbol> <input-file>)
# Compiles <input-file> into <target> as
#   namespace ipe::embedded { extern const char <symbol>[]; extern const unsigned long <symbol>_size; }
# (declare it yourself where you use it). The file is re-embedded whenever it changes, so data
# files (rule packs, alias tables, generated region lists) ship inside the one binary.
function(ipe_embed_file target symbol input)
  set(out ${IPE_GEN_DIR}/embed_${symbol}.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${input} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${input}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
