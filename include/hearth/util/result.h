#ifndef HEARTH_UTIL_RESULT_H
#define HEARTH_UTIL_RESULT_H

// Result<T>: a value or an error message a person can act on (STYLE.md, error rule 2).
// C++20 has no std::expected; this is the small subset we need.

#include <hearth/util/check.h>

#include <string>
#include <utility>
#include <variant>

namespace hearth::util {

/// Why an operation failed, in words for the person who must fix it.
struct Error {
    std::string message;
};

template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data{std::in_place_index<0>, std::move(value)} {}
    Result(Error error) : m_data{std::in_place_index<1>, std::move(error)} {}

    bool has_value() const { return m_data.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return *Assert(std::get_if<0>(&m_data)); }
    const T& value() const& { return *Assert(std::get_if<0>(&m_data)); }
    T&& value() && { return std::move(*Assert(std::get_if<0>(&m_data))); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const std::string& error() const { return Assert(std::get_if<1>(&m_data))->message; }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error{std::move(error.message)}, m_failed{true} {}

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    const std::string& error() const { return m_error; }

private:
    std::string m_error;
    bool m_failed{false};
};

} // namespace hearth::util

#endif // HEARTH_UTIL_RESULT_H
