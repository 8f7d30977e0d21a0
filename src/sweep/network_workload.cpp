// Loading a sweep's network workload (network_workload.hpp).

#include "dramsweep/sweep/network_workload.hpp"

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::sweep {

NetworkWorkload load_network_workload(const SweepSpec& spec) {
    const Workload& w = spec.workload;
    NetworkWorkload n;
    n.topology = read_topology(w.topology_path, w.gemm ? TopologyFormat::GemmCsv : TopologyFormat::Auto);
    if (w.batch > 0) n.topology = with_batch(n.topology, w.batch, spec.file, w.batch_line, "workload.batch");
    n.accel = read_accel_config(w.accel_path);
    // The files' contents, not their paths: a moved file keeps its rows, an edited one does not.
    std::uint64_t hash = fnv1a(text::read_file(w.topology_path));
    hash = fnv1a(w.gemm ? "|gemm|" : "|auto|", hash);
    if (w.batch > 0) hash = fnv1a("|batch " + std::to_string(w.batch) + "|", hash);
    n.hash = fnv1a(text::read_file(w.accel_path), hash);
    return n;
}

}  // namespace dramsweep::sweep
