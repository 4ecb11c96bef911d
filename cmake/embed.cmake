# Writes OUTPUT: a C++ file defining ipe::embedded::SYMBOL (NUL-terminated bytes of INPUT) and
# SYMBOL_size (byte count without the NUL). Run by ipe_embed_file() at build time.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
# Break the initializer into lines of 32 bytes to keep the compiler's line buffers small.
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.\n"
  "namespace ipe::embedded {\n"
  "extern const char ${SYMBOL}[];\n"
  "extern const unsigned long ${SYMBOL}_size;\n"
  "const char ${SYMBOL}[] = {\n${bytes}'\\0'};\n"
  "const unsigned long ${SYMBOL}_size = ${size};\n"
  "}  // namespace ipe::embedded\n")
