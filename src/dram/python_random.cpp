#include "dramsweep/dram/python_random.hpp"

#include <bit>

namespace dramsweep::dram {

void PythonRandom::init_genrand(std::uint32_t s) {
    state_[0] = s;
    for (int i = 1; i < 624; ++i)
        state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
    index_ = 624;
}

PythonRandom::PythonRandom(std::uint32_t seed) {
    // init_by_array with a key of one word (seeds below 2^32).
    const std::uint32_t key[1] = {seed};
    const int key_length = 1;
    init_genrand(19650218u);
    int i = 1, j = 0;
    for (int k = 624; k > 0; --k) {
        state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525u)) + key[j] + static_cast<std::uint32_t>(j);
        ++i;
        ++j;
        if (i >= 624) {
            state_[0] = state_[623];
            i = 1;
        }
        if (j >= key_length) j = 0;
    }
    for (int k = 623; k > 0; --k) {
        state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941u)) - static_cast<std::uint32_t>(i);
        ++i;
        if (i >= 624) {
            state_[0] = state_[623];
            i = 1;
        }
    }
    state_[0] = 0x80000000u;
    index_ = 624;
}

std::uint32_t PythonRandom::next_u32() {
    if (index_ >= 624) {
        for (int k = 0; k < 624; ++k) {
            const std::uint32_t y = (state_[k] & 0x80000000u) | (state_[(k + 1) % 624] & 0x7fffffffu);
            state_[k] = state_[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
        }
        index_ = 0;
    }
    std::uint32_t y = state_[index_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

std::uint64_t PythonRandom::getrandbits(unsigned k) {
    // CPython fills 32-bit words from the least significant; the last word keeps its top bits.
    std::uint64_t result = 0;
    unsigned shift = 0;
    while (k > 0) {
        std::uint32_t r = next_u32();
        if (k < 32) r >>= (32 - k);
        result |= static_cast<std::uint64_t>(r) << shift;
        shift += 32;
        k = k > 32 ? k - 32 : 0;
    }
    return result;
}

std::uint64_t PythonRandom::randrange(std::uint64_t n) {
    const unsigned k = static_cast<unsigned>(std::bit_width(n));
    std::uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
}

double PythonRandom::random() {
    const std::uint32_t a = next_u32() >> 5, b = next_u32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

}  // namespace dramsweep::dram
