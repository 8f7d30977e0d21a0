#pragma once
// A finished fold loop (coupled/fold_loop.hpp) as the integers every backend reports: the one
// conversion from the loop's layer records to results::NetworkSummary, for the reference and the
// batched engines alike.

#include "dramsweep/coupled/fold_loop.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/results/network_summary.hpp"

namespace dramsweep::coupled {

// `progress.done` set; `layers` one per layer of the stream; `dram_run` the whole run's DRAM
// summary (cycles: the loop's end clock).
results::NetworkSummary network_summary(const NetworkStream& stream, const FoldProgress& progress,
                                        const LayerRecord* layers, const results::RunSummary& dram_run);

}  // namespace dramsweep::coupled
