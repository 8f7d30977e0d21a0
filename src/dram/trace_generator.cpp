// The reference traces of ../shared/reference/dram/gen_traces.py, reproduced address for address.

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/python_random.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_stream.hpp"

namespace dramsweep::dram {
namespace {

enum class Kind { kSeqRead, kRandRead, kMix2r1w };

Kind kind_of(const std::string& name) {
    if (name == "seq_read") return Kind::kSeqRead;
    if (name == "rand_read") return Kind::kRandRead;
    if (name == "mix_2r1w") return Kind::kMix2r1w;
    throw InputError("--generate", 0, "trace",
                     "unknown reference trace " + text::quote(name) + " (seq_read, rand_read, mix_2r1w)");
}

}  // namespace

struct ReferenceTraceGenerator::State {
    Kind kind;
    std::uint64_t count;
    std::uint64_t index = 0;
    PythonRandom rng;

    State(Kind k, std::uint64_t c) : kind(k), count(c), rng(k == Kind::kMix2r1w ? 2 : 1) {}
};

ReferenceTraceGenerator::ReferenceTraceGenerator(const std::string& name, std::uint64_t count)
    : state_(std::make_unique<State>(kind_of(name), count)) {}
ReferenceTraceGenerator::~ReferenceTraceGenerator() = default;

bool ReferenceTraceGenerator::next(TraceRequest& request) {
    constexpr std::uint64_t kSpan = std::uint64_t{1} << 33;
    constexpr std::uint64_t kLine = ~std::uint64_t{63};
    State& s = *state_;
    if (s.index >= s.count) return false;
    switch (s.kind) {
        case Kind::kSeqRead: request = {s.index * 64, false}; break;
        case Kind::kRandRead: request = {s.rng.randrange(kSpan) & kLine, false}; break;
        case Kind::kMix2r1w: {
            const std::uint64_t a = s.rng.randrange(kSpan) & kLine;
            request = {a, s.rng.random() < 1.0 / 3.0};
            break;
        }
    }
    ++s.index;
    return true;
}

std::vector<TraceRequest> generate_reference_trace(const std::string& name, std::size_t count) {
    ReferenceTraceGenerator generator(name, count);
    std::vector<TraceRequest> out;
    out.reserve(count);
    TraceRequest r{};
    while (generator.next(r)) out.push_back(r);
    return out;
}

}  // namespace dramsweep::dram
