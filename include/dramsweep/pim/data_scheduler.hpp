#pragma once
// The Data-Scheduler (docs/pim.md, "Data-Scheduler"): who serves each shared block of a layer.
//
// Layer partitioning makes nodes share data: halos of input feature maps, weights that several
// nodes need, inputs every node of an output-channel split reads. A block is held in the DRAM of
// one or more nodes (its holders) and needed by others (its requesters). Every requester
// receives it once, from a holder (a DRAM read there) or forwarded by a requester that received
// it before (from that node's buffer, no DRAM read). Transfers follow XY routes. The schedule
// minimises the makespan first (the busiest NoC link's bits over its width, or the busiest
// DRAM port's bits over its bandwidth, in cycles) and then the total bit-hops (NoC energy).
//
// Forwarding follows a fixed order: a requester may receive from a holder or from a requester
// before it in its block's forwarding order (nearest to a holder first, then by node index). The
// order rules out cycles without flow variables, so the integer program, the greedy and the
// brute force of the tests search the same space.
//
// solve_ilp states it as an integer linear program and solves it with CBC (COIN-OR, linked as a
// library) under a time limit, starting from the greedy's schedule; greedy_schedule is the
// nearest-source forwarding tree, the fallback when the limit hits before CBC finds better.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/pim/noc_links.hpp"

namespace dramsweep::pim {

struct SharedBlock {
    std::int64_t bits = 0;                 // moved per transfer (words x width x DRAM fetches)
    std::int32_t data = kIfm;              // what it is (kFil, kIfm): for the per-category bit-hops
    std::vector<std::int32_t> holders;     // nodes (h * W + w) whose DRAM holds the block
    std::vector<std::int32_t> requesters;  // nodes that need it and do not hold it
};

struct ScheduleProblem {
    std::int32_t mesh_h = 1, mesh_w = 1;
    double link_bits_per_cycle = 1;  // each direction of a link
    double port_bits_per_cycle = 0;  // one node's DRAM; 0: unlimited (no port term)
    std::vector<SharedBlock> blocks;
    LinkLoads fixed_links;                 // traffic the scheduler does not choose (ofmaps)
    std::vector<std::int64_t> fixed_port;  // per node: DRAM bits it reads anyway (local data)
};

enum class ScheduleMethod : std::uint8_t { kGreedy, kIlp };

struct Schedule {
    ScheduleMethod method = ScheduleMethod::kGreedy;
    // source[b][k]: the node requester k of block b (in the problem's order) receives it from.
    std::vector<std::vector<std::int32_t>> source;
    LinkLoads links;                          // fixed traffic plus the chosen routes
    std::vector<std::int64_t> port;           // DRAM bits read per node
    double makespan = 0;                      // cycles
    std::int64_t bit_hops = 0;                // of the chosen transfers (not the fixed traffic)
    std::int64_t bit_hops_of[kNumData] = {};  // the same per data category
    std::int64_t forwarded = 0;               // transfers served by a requester
    // The integer program (kIlp): proven optimal in both phases, the relative gaps of the
    // makespan and the bit-hop phase when the limit hit (0 when optimal), the link loads the
    // program's own rows report (bits, per direction and node), solver time and nodes.
    bool optimal = false;
    double makespan_gap = 0, bit_hop_gap = 0;
    std::vector<double> reported_link_bits;  // [dir * kMaxNodes + node]
    double seconds = 0;
    std::int64_t solver_nodes = 0;
    bool improved_on_greedy = false;
};

// The makespan of link and port loads (cycles).
double schedule_makespan(const ScheduleProblem& p, const LinkLoads& links,
                         const std::vector<std::int64_t>& port);

// Candidate sources of requester `k` of `block`: its holders, then the requesters before it.
// Requesters must be in forwarding order (sort_forwarding_order).
std::vector<std::int32_t> candidate_sources(const SharedBlock& block, std::size_t k);

// Puts every block's requesters in forwarding order (nearest to a holder first, then index).
void sort_forwarding_order(ScheduleProblem& p);

// Link and port loads, makespan and bit-hops of `source` (routes recomputed along XY).
Schedule evaluate_sources(const ScheduleProblem& p, std::vector<std::vector<std::int32_t>> source);

// Nearest source: requesters in forwarding order each take the nearest of their candidate
// sources, ties to the one whose route's busiest link (or port) is least loaded so far.
Schedule greedy_schedule(const ScheduleProblem& p);

struct IlpOptions {
    double time_limit_s = 1.0;  // per problem (both phases together)
};

// The integer program of docs/pim.md solved by CBC, started from greedy_schedule. Never worse
// than the greedy (which it returns, marked, if CBC finds nothing better within the limit).
Schedule solve_ilp(const ScheduleProblem& p, const IlpOptions& options = {});

}  // namespace dramsweep::pim
