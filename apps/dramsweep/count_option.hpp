#pragma once
// The one check of every counting option (--limit, --stop-after, --threads, ...): a whole
// number from `least` up, written as digits. "-5", "1e400", "2.5" and "many" are refused by
// CLI11 with a message naming the option, exit code 2; the docs say what 0 means where 0 is
// allowed ("no limit", "all cores").

#include <charconv>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace dramsweep::cli {

inline CLI::Validator count_at_least(std::uint64_t least) {
    return CLI::Validator(
        [least](std::string& text) -> std::string {
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size())
                return "expected a whole number >= " + std::to_string(least) + ", got '" + text + "'";
            if (value < least) return "must be at least " + std::to_string(least) + ", got " + text;
            return {};
        },
        "INT>=" + std::to_string(least));
}

}  // namespace dramsweep::cli
