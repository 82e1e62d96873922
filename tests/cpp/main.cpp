// main.cpp: Catch2's main, in a translation unit of its own so test files compile quickly.
#define CATCH_CONFIG_MAIN
#include <catch.hpp>
