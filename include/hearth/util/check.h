#ifndef HEARTH_UTIL_CHECK_H
#define HEARTH_UTIL_CHECK_H

// Assert / Assume for programmer errors only, never for validating input (STYLE.md, error rule 4).
//  - Assert(cond): always checked; aborts with file:line on failure. Evaluates to cond's value.
//  - Assume(cond): checked in debug builds (NDEBUG unset) only; in release builds it evaluates cond and
//    carries on, so code stays correct when the invariant is broken.

#include <source_location>
#include <utility>

namespace hearth::util {

[[noreturn]] void AssertionFailed(const char* expr, const std::source_location& where);

template <typename T>
constexpr T&& CheckAssert(T&& value, const char* expr, const std::source_location& where)
{
    if (!value) AssertionFailed(expr, where);
    return std::forward<T>(value);
}

template <typename T>
constexpr T&& CheckAssume(T&& value, [[maybe_unused]] const char* expr,
                          [[maybe_unused]] const std::source_location& where)
{
#ifndef NDEBUG
    if (!value) AssertionFailed(expr, where);
#endif
    return std::forward<T>(value);
}

} // namespace hearth::util

#define Assert(cond) ::hearth::util::CheckAssert((cond), #cond, std::source_location::current())
#define Assume(cond) ::hearth::util::CheckAssume((cond), #cond, std::source_location::current())

#endif // HEARTH_UTIL_CHECK_H
