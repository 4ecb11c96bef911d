# Writes OUTPUT: the character-level traditional → simplified table, one "TRAD<TAB>SIMP" line per
# character, from OpenCC's TSCharacters dictionary as Debian installs it (package opencc-data:
# /usr/share/opencc/TSCharacters.ocd2). OPENCC_DICT is the `opencc_dict` tool (package opencc),
# which converts the binary .ocd2 to text; where OpenCC lists several simplified candidates
# (乾 → 乾 干) the first, OpenCC's preferred one, is kept. Identity lines are dropped.
# Run at build time by src/match/CMakeLists.txt; see docs/match.md.
execute_process(
  COMMAND ${OPENCC_DICT} -i ${INPUT} -o ${OUTPUT}.raw -f ocd2 -t text
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "opencc_dict failed on ${INPUT}: ${err}")
endif()
file(STRINGS ${OUTPUT}.raw lines ENCODING UTF-8)
set(out "")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^([^\t]+)\t([^ \t]+)")
    if(NOT CMAKE_MATCH_1 STREQUAL CMAKE_MATCH_2)
      string(APPEND out "${CMAKE_MATCH_1}\t${CMAKE_MATCH_2}\n")
      math(EXPR count "${count} + 1")
    endif()
  endif()
endforeach()
if(count LESS 2000)
  message(FATAL_ERROR "${INPUT} gave only ${count} mappings; expected about 4000")
endif()
file(WRITE ${OUTPUT}.tmp "${out}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.raw ${OUTPUT}.tmp)
