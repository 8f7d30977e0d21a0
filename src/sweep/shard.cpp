// Shards of a sweep (shard.hpp).

#include "dramsweep/sweep/shard.hpp"

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep::sweep {

std::string Shard::text() const {
    return std::to_string(index) + "/" + std::to_string(count);
}

Shard parse_shard(const std::string& text, const std::string& field) {
    const std::size_t slash = text.find('/');
    const auto fail = [&] {
        return InputError("<command line>", 0, field,
                          "expected I/N with 0 <= I < N (shard I of N, counting from 0), got '" + text + "'");
    };
    if (slash == std::string::npos) throw fail();
    std::int64_t index = 0;
    std::int64_t count = 0;
    try {
        index = text::parse_int(text.substr(0, slash), {"<command line>", 0}, field);
        count = text::parse_int(text.substr(slash + 1), {"<command line>", 0}, field);
    } catch (const InputError&) {
        throw fail();
    }
    if (count < 1 || index < 0 || index >= count) throw fail();
    return {static_cast<std::size_t>(index), static_cast<std::size_t>(count)};
}

std::vector<std::string> shard_columns() {
    return {kSpecHashColumn, kSpecConfigsColumn};
}

std::uint64_t spec_hash(const std::vector<SweepPoint>& points) {
    std::uint64_t hash = fnv1a(std::to_string(points.size()));
    for (const SweepPoint& point : points) hash = fnv1a(hash_hex(point.hash), hash);
    return hash;
}

Row with_shard_columns(const Row& row, std::uint64_t hash, std::size_t spec_configs) {
    Row out = row;
    out[kSpecHashColumn] = hash_hex(hash);
    out[kSpecConfigsColumn] = spec_configs;
    return out;
}

}  // namespace dramsweep::sweep
