// Drives SlabHashMap (the coins cache's map) with a byte-coded program of inserts, erases (by key and
// while iterating), lookups and clears, against std::unordered_map as the model. Keys are small so that
// operations meet; the hash is weak on purpose (a few distinct values) so that probe runs wrap around the
// index and erases shift long runs. Every key is checked after every 16th operation and at the end (each
// input runs at most 512 operations: the replay under ASan in CI stays within seconds).

#include <hearth/util/slab_hash_map.h>

#include <cstdint>
#include <cstdlib>
#include <unordered_map>

namespace {

void Check(bool ok)
{
    if (!ok) std::abort();
}

struct WeakHash {
    uint8_t spread;
    size_t operator()(uint16_t k) const { return k % spread; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    const uint8_t spread = static_cast<uint8_t>(1 + data[0] % 64);
    hearth::util::SlabHashMap<uint16_t, uint64_t, WeakHash> map{WeakHash{spread}};
    std::unordered_map<uint16_t, uint64_t> model;
    constexpr uint16_t KEYS = 300;
    constexpr size_t MAX_OPS = 512;
    auto check_all = [&] {
        Check(map.size() == model.size());
        for (uint16_t k = 0; k < KEYS; ++k) {
            auto it = map.find(k);
            auto want = model.find(k);
            Check((it == map.end()) == (want == model.end()));
            if (want != model.end()) Check(it->first == k && it->second == want->second);
        }
    };
    for (size_t i = 1, ops = 0; i + 1 < size && ops < MAX_OPS; i += 2, ++ops) {
        const uint8_t op = data[i] % 8;
        const uint16_t key = static_cast<uint16_t>((data[i + 1] | (data[i] >> 3) << 8) % KEYS);
        switch (op) {
        case 0:
        case 1:
        case 2:
            Check(map.try_emplace(key, i).second == model.try_emplace(key, i).second);
            break;
        case 3:
            map[key] += i;
            model[key] += i;
            break;
        case 4:
            Check(map.erase(key) == model.erase(key));
            break;
        case 5: {
            // Erase every entry whose key has the same low bits as `key`, while iterating.
            size_t visited = 0;
            for (auto it = map.begin(); it != map.end(); ++visited) {
                if ((it->first & 7) == (key & 7)) {
                    model.erase(it->first);
                    it = map.erase(it);
                } else {
                    ++it;
                }
            }
            Check(visited <= KEYS);
            break;
        }
        case 6: {
            auto it = map.find(key);
            auto want = model.find(key);
            Check((it == map.end()) == (want == model.end()));
            if (want != model.end()) Check(it->second == want->second);
            continue;
        }
        case 7:
            if (key % 16 == 0) {
                map.clear();
                model.clear();
            }
            break;
        }
        Check(map.size() == model.size());
        if (ops % 16 == 0) check_all();
    }
    check_all();
    size_t seen = 0;
    for (const auto& [k, v] : map) {
        Check(model.at(k) == v);
        ++seen;
    }
    Check(seen == model.size());
    return 0;
}
