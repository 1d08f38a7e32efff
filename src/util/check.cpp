#include <hearth/util/check.h>

#include <cstdio>
#include <cstdlib>

namespace hearth::util {

void AssertionFailed(const char* expr, const std::source_location& where)
{
    std::fprintf(stderr, "%s:%u (%s): assertion failed: %s\n", where.file_name(), static_cast<unsigned>(where.line()),
                 where.function_name(), expr);
    std::fflush(stderr);
    std::abort();
}

} // namespace hearth::util
