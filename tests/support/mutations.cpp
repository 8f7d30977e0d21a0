#include "support/mutations.hpp"

#include <cstdlib>

namespace dramsweep::testing {

std::string Mutator::mutate(const std::string& valid, std::size_t i) {
    std::string s = valid;
    switch (i % kKinds) {
        case 0: {  // random bytes, of a random length
            s.assign(below(512), '\0');
            for (char& c : s) c = static_cast<char>(below(256));
            return s;
        }
        case 1:  // a truncation
            return s.substr(0, below(s.size() + 1));
        case 2: {  // 1 to 8 bit flips
            if (s.empty()) return s;
            const std::size_t flips = 1 + below(8);
            for (std::size_t f = 0; f < flips; ++f) s[below(s.size())] ^= static_cast<char>(1u << below(8));
            return s;
        }
        case 3: {  // a number swapped for an extreme one
            static const char* const kExtremes[] = {"1e400", "-1", "0", "18446744073709551616", "-9223372036854775809",
                                                    "4294967296", "99999999999", "1.5", "nan", "-0"};
            std::size_t start = below(s.size() + 1);
            while (start < s.size() && !(s[start] >= '0' && s[start] <= '9')) ++start;
            if (start >= s.size()) return s;
            std::size_t end = start;
            while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
            return s.replace(start, end - start, kExtremes[below(std::size(kExtremes))]);
        }
        default: {  // bytes inserted or deleted
            const std::size_t at = below(s.size() + 1);
            if (below(2) == 0 && at < s.size()) return s.erase(at, 1 + below(16));
            std::string bytes(1 + below(8), '\0');
            for (char& c : bytes) c = static_cast<char>(below(256));
            return s.insert(at, bytes);
        }
    }
}

std::size_t fuzz_count(std::size_t default_count) {
    if (const char* env = std::getenv("DRAMSWEEP_FUZZ_INPUTS")) {
        const long n = std::strtol(env, nullptr, 10);
        if (n > 0) return static_cast<std::size_t>(n);
    }
    return default_count;
}

}  // namespace dramsweep::testing
