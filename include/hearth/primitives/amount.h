#ifndef HEARTH_PRIMITIVES_AMOUNT_H
#define HEARTH_PRIMITIVES_AMOUNT_H

#include <cstdint>

namespace hearth::primitives {

/// An amount in satoshis. Signed, as consensus code sums and compares amounts.
using Amount = int64_t;

constexpr Amount COIN = 100'000'000;
/// No amount larger than this is valid (consensus; Core's MAX_MONEY). Not the actual supply.
constexpr Amount MAX_MONEY = 21'000'000 * COIN;

/// True if 0 <= value <= MAX_MONEY.
constexpr bool MoneyRange(Amount value) { return value >= 0 && value <= MAX_MONEY; }

} // namespace hearth::primitives

#endif // HEARTH_PRIMITIVES_AMOUNT_H
