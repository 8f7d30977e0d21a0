#pragma once
// Physical address -> (channel, rank, bank group, bank, row, column).
//
// The bit-field order string (e.g. "RoBaRaCoCh", most significant field first) is parsed on the
// host (config.hpp: parse_mapping) into this POD of shifts and masks; decoding is a handful of
// shifts shared by the reference and the batched engines. Bits above the last field are dropped,
// which folds addresses beyond the device's capacity.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::dram {

struct BitField {
    std::uint32_t shift;  // position of the field's least significant bit in the address
    std::uint64_t mask;   // (1 << width) - 1
};

struct AddressMapping {
    std::uint32_t offset_bits;  // bytes of one burst (request) below the fields
    BitField channel, rank, bank_group, bank, row, column;
    bool xor_bank_hash;         // bank group and bank XORed with the row's low bits
    std::uint32_t bank_group_bits;
};

struct DecodedAddress {
    std::uint32_t channel, rank, bank_group, bank;  // bank: index within its bank group
    std::uint32_t row, column;                       // column: burst index within the row
};

DRAMSWEEP_HD inline std::uint32_t extract(const BitField& f, std::uint64_t addr) {
    return static_cast<std::uint32_t>((addr >> f.shift) & f.mask);
}

DRAMSWEEP_HD inline DecodedAddress decode_address(const AddressMapping& m, std::uint64_t byte_addr) {
    DecodedAddress d{};
    d.channel = extract(m.channel, byte_addr);
    d.rank = extract(m.rank, byte_addr);
    d.bank_group = extract(m.bank_group, byte_addr);
    d.bank = extract(m.bank, byte_addr);
    d.row = extract(m.row, byte_addr);
    d.column = extract(m.column, byte_addr);
    if (m.xor_bank_hash) {
        // Permutation-based interleaving: rows that would collide in one bank spread over banks.
        d.bank_group ^= static_cast<std::uint32_t>(d.row & m.bank_group.mask);
        d.bank ^= static_cast<std::uint32_t>((d.row >> m.bank_group_bits) & m.bank.mask);
    }
    return d;
}

}  // namespace dramsweep::dram
