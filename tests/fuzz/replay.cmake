# Replays the seeds and the regression inputs of every fuzz target through
# its LLVMFuzzerTestOneInput with replay.c (any compiler), so the default
# suite and the ASan suite check them. Included by tests/CMakeLists.txt,
# which puts the tests (ZC_FUZZ_REPLAYS) in the tier robustness; they keep
# the label fuzz too.
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)

foreach(t ${ZC_FUZZ_TARGETS})
  add_executable(fuzz_replay_${t} ${CMAKE_CURRENT_LIST_DIR}/replay.c
    ${CMAKE_CURRENT_LIST_DIR}/fuzz_${t}.c)
  target_link_libraries(fuzz_replay_${t} PRIVATE zhengce_core)
  target_include_directories(fuzz_replay_${t} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  add_test(NAME fuzz_replay_${t} COMMAND fuzz_replay_${t}
    ${CMAKE_CURRENT_LIST_DIR}/seeds/${t} ${CMAKE_CURRENT_LIST_DIR}/regressions/${t})
  set_tests_properties(fuzz_replay_${t} PROPERTIES LABELS fuzz)
  list(APPEND ZC_FUZZ_REPLAYS fuzz_replay_${t})
endforeach()
