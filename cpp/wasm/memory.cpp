// memory.cpp: heap introspection for the memory-stability tests (bindings only, no core logic).
// mallocBytes() is what the C++ side holds right now (dlmalloc's in-use bytes): a leak of even a
// few bytes per call shows here long before the WASM memory itself has to grow.
#include <emscripten/bind.h>
#include <malloc.h>

namespace {
double malloc_bytes() { return double(mallinfo().uordblks); }
}  // namespace

EMSCRIPTEN_BINDINGS(posenc_memory) { emscripten::function("mallocBytes", &malloc_bytes); }
