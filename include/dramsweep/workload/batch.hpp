#pragma once
// The batch size of a network: how many images each layer runs at once. A batch of B folds the
// images into the GEMM's M dimension (Layer::gemm_m(), docs/model.md "Batch"), so the filters
// are shared by the whole batch. Topologies read from files run the batch their JSON form names
// ("batch", default 1; CSV topologies have none); with_batch() sets another one, which is how
// the commands' --batch option and any other front end (serve, sweeps) apply theirs.

#include <cstddef>
#include <cstdint>
#include <string>

#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

// The most words one operand of a layer (the whole batch's ifmap or ofmap) may span: word
// addresses are later scaled by the word size and split into DRAM lines, which must not overflow.
inline constexpr std::int64_t kMaxOperandWords = std::int64_t{1} << 48;

// Throws InputError(origin, line, field, ...) unless batch >= 1 and B images of the layer fit
// the address space: B * H * W * C ifmap words and B * OH * OW * N ofmap words, each at most
// kMaxOperandWords. `field` names where the batch came from ("batch", "--batch", ...).
void validate_batch(const Layer& layer, std::int64_t batch, const std::string& origin, std::size_t line,
                    const std::string& field);

// A copy of `topology` in which every layer runs `batch` images (replacing the batch it had).
// Validates as validate_batch() does for every layer; origin, line and field name the input the
// batch came from in the error (e.g. with_batch(t, n, "command line", 0, "--batch")).
Topology with_batch(const Topology& topology, std::int64_t batch, const std::string& origin = "",
                    std::size_t line = 0, const std::string& field = "batch");

// The batch the topology runs: that of its first layer (with_batch() and the readers keep all
// layers on one batch); 1 for an empty topology.
std::int64_t topology_batch(const Topology& topology);

}  // namespace dramsweep
