// The reference traces of ../shared/reference/dram/gen_traces.py, reproduced address for address.

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/python_random.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {

std::vector<TraceRequest> generate_reference_trace(const std::string& name, std::size_t count) {
    constexpr std::uint64_t kSpan = std::uint64_t{1} << 33;
    constexpr std::uint64_t kLine = ~std::uint64_t{63};
    std::vector<TraceRequest> out;
    out.reserve(count);
    if (name == "seq_read") {
        for (std::size_t i = 0; i < count; ++i) out.push_back({static_cast<std::uint64_t>(i) * 64, false});
    } else if (name == "rand_read") {
        PythonRandom rng(1);
        for (std::size_t i = 0; i < count; ++i) out.push_back({rng.randrange(kSpan) & kLine, false});
    } else if (name == "mix_2r1w") {
        PythonRandom rng(2);
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint64_t a = rng.randrange(kSpan) & kLine;
            out.push_back({a, rng.random() < 1.0 / 3.0});
        }
    } else {
        throw InputError("--generate", 0, "trace", "unknown reference trace '" + name + "' (seq_read, rand_read, mix_2r1w)");
    }
    return out;
}

}  // namespace dramsweep::dram
