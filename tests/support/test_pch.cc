// Intentionally empty: the target ipe_test_pch (cmake/IpeModule.cmake) exists for its precompiled
// header, which every test executable reuses; CMake makes a target's PCH from its C++ sources' flags.
