# The tiers of the suite (docs/testing.md): each test gets exactly one of
# the labels unit, integration and robustness, and the label data when it
# reads ../shared/data. Included by tests/CMakeLists.txt, whose last block
# calls these.
set(ZC_TIERS unit integration robustness)

# zc_tier(TIER test...): puts each test in TIER. The unit tests' binaries
# are what the target tests_unit builds.
function(zc_tier tier)
  if(NOT tier IN_LIST ZC_TIERS)
    message(FATAL_ERROR "zc_tier: '${tier}' is not a tier (one of: ${ZC_TIERS})")
  endif()
  foreach(t ${ARGN})
    if(NOT TEST ${t})
      message(FATAL_ERROR "zc_tier(${tier}): there is no test named ${t}")
    endif()
    set_property(TEST ${t} APPEND PROPERTY LABELS ${tier})
    if(tier STREQUAL "unit" AND TARGET ${t})
      add_dependencies(tests_unit ${t})
    endif()
  endforeach()
endfunction()

# zc_data_runs(test...): each test's binary run again with the argument
# "data" (zc_test_main in test_util.c), as the test NAME_data: NAME's tier
# and environment, the label data, and exit status 77 taken as skipped.
function(zc_data_runs)
  foreach(t ${ARGN})
    add_test(NAME ${t}_data COMMAND ${t} data)
    get_test_property(${t} ENVIRONMENT env)
    get_test_property(${t} LABELS labels)
    if(NOT labels)
      set(labels "")
    endif()
    set_tests_properties(${t}_data PROPERTIES LABELS "${labels};data" SKIP_RETURN_CODE 77
      ENVIRONMENT "${env}")
    set_property(GLOBAL APPEND PROPERTY ZC_DATA_COMMANDS "$<TARGET_FILE:${t}> data")
    set_property(GLOBAL APPEND PROPERTY ZC_DATA_BINARIES ${t})
  endforeach()
endfunction()

# zc_needs_data(test...): tests that read the data on every run.
function(zc_needs_data)
  foreach(t ${ARGN})
    set_property(TEST ${t} APPEND PROPERTY LABELS data)
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77)
    set_property(GLOBAL APPEND PROPERTY ZC_DATA_COMMANDS "$<TARGET_FILE:${t}>")
    set_property(GLOBAL APPEND PROPERTY ZC_DATA_BINARIES ${t})
  endforeach()
endfunction()

# zc_data_skip_test(NAME): the test NAME runs every test on the data with
# the data directory missing, and fails unless each exits 77 (skipped).
function(zc_data_skip_test name)
  get_property(cmds GLOBAL PROPERTY ZC_DATA_COMMANDS)
  # It runs their binaries, whatever their tier: the unit tests need them.
  get_property(bins GLOBAL PROPERTY ZC_DATA_BINARIES)
  add_dependencies(tests_unit ${bins})
  add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/check_data_skip.sh ${cmds})
  get_test_property(test_units ENVIRONMENT env)
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}")
endfunction()

# zc_check_tiers(): fails the configuration, naming them, on tests without
# a tier or with more than one, and on data tests that do not take exit
# status 77 as skipped.
function(zc_check_tiers)
  get_property(tests DIRECTORY PROPERTY TESTS)
  set(none "")
  set(several "")
  set(noskip "")
  foreach(t ${tests})
    get_test_property(${t} LABELS labels)
    set(n 0)
    foreach(tier ${ZC_TIERS})
      if(tier IN_LIST labels)
        math(EXPR n "${n} + 1")
      endif()
    endforeach()
    if(n EQUAL 0)
      list(APPEND none ${t})
    elseif(n GREATER 1)
      list(APPEND several ${t})
    endif()
    if("data" IN_LIST labels)
      get_test_property(${t} SKIP_RETURN_CODE skip)
      if(NOT skip STREQUAL "77")
        list(APPEND noskip ${t})
      endif()
    endif()
  endforeach()
  set(msg "")
  if(none)
    list(JOIN none " " s)
    string(APPEND msg "tests without a tier: ${s}\n"
      "Add each to one of the zc_tier(unit|integration|robustness ...) lines at the end of "
      "tests/CMakeLists.txt (docs/testing.md says which).\n")
  endif()
  if(several)
    list(JOIN several " " s)
    string(APPEND msg "tests in more than one tier: ${s}\n")
  endif()
  if(noskip)
    list(JOIN noskip " " s)
    string(APPEND msg "data tests without SKIP_RETURN_CODE 77 (use zc_data_runs or "
      "zc_needs_data): ${s}\n")
  endif()
  if(msg)
    message(FATAL_ERROR "${msg}")
  endif()
endfunction()
