#pragma once
// CPython's random.Random, the parts gen_traces.py uses, reproduced exactly so that the
// reference traces can be generated without Python: MT19937 seeded by init_by_array with the
// 32-bit words of the seed (random.seed(int)), getrandbits(k), randrange(n) by rejection on
// getrandbits(n.bit_length()), and random() with 53 bits from two outputs.

#include <cstdint>

namespace dramsweep::dram {

class PythonRandom {
public:
    explicit PythonRandom(std::uint32_t seed);

    std::uint32_t next_u32();
    std::uint64_t getrandbits(unsigned k);  // k <= 64
    std::uint64_t randrange(std::uint64_t n);  // n >= 1, n < 2^63
    double random();

private:
    void init_genrand(std::uint32_t s);
    std::uint32_t state_[624];
    int index_ = 625;
};

}  // namespace dramsweep::dram
