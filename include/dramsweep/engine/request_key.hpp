#pragma once
// Rules R4/R5 as a reduction: what one bank contributes to the choice of the next request
// command, as a small POD key, and an associative, commutative combine of two keys.
//
// The reference picks, among the legal candidates of the active queue, the oldest row hit with
// priority (FR-FCFS) or else the oldest request, and bounds the next event by the earliest
// clock of the candidates that are not legal yet. "Oldest" is the smallest sequence number, and
// sequence numbers are unique within a channel, so each part is a plain minimum: the winner
// does not depend on the order or the tree shape in which keys are folded. That is what lets a
// warp fold one key per lane with __shfl_xor_sync and the host fold them in a loop, with the
// same combine (docs/engine.md, "Command selection"; tests/unit/engine_request_key_test.cpp
// folds random keys in random orders and shapes).

#include <cstdint>

#include "dramsweep/common/bits.hpp"
#include "dramsweep/common/hd.hpp"

namespace dramsweep::engine {

struct RequestKey {
    std::uint64_t hit;   // oldest legal row hit that keeps its priority: pack_candidate(), or kNoCandidate
    std::uint64_t any;   // oldest legal request of any kind: pack_candidate(), or kNoCandidate
    std::uint64_t next;  // earliest clock of a candidate not legal yet, or kNoCandidate
};

inline constexpr std::uint64_t kNoCandidate = ~std::uint64_t{0};
inline constexpr RequestKey kNoRequestKey{kNoCandidate, kNoCandidate, kNoCandidate};

// Age first (the sequence number in the high word), then the request's queue slot and its bank
// (each below 64: a byte each), so that the minimum of two packed candidates is the older one and
// still says where it is, without a search of the bank's slots. Sequence numbers stay below
// 2^32 - 1 (engine limits), so a packed candidate is never kNoCandidate.
DRAMSWEEP_HD inline std::uint64_t pack_candidate(std::uint32_t seq, std::uint32_t bank, std::uint32_t slot = 0) {
    return (std::uint64_t{seq} << 32) | (std::uint64_t{slot} << 8) | bank;
}
DRAMSWEEP_HD inline std::uint32_t candidate_seq(std::uint64_t packed) { return static_cast<std::uint32_t>(packed >> 32); }
DRAMSWEEP_HD inline std::uint32_t candidate_bank(std::uint64_t packed) { return static_cast<std::uint32_t>(packed & 0xffu); }
DRAMSWEEP_HD inline std::uint32_t candidate_slot(std::uint64_t packed) {
    return static_cast<std::uint32_t>((packed >> 8) & 0xffu);
}

// Component-wise minimum: associative and commutative, kNoRequestKey is its identity.
DRAMSWEEP_HD inline RequestKey combine(const RequestKey& a, const RequestKey& b) {
    return RequestKey{bits::min_u64(a.hit, b.hit), bits::min_u64(a.any, b.any), bits::min_u64(a.next, b.next)};
}

}  // namespace dramsweep::engine
