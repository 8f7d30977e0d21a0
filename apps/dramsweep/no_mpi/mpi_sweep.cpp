// MpiSweep without MPI (mpi_sweep.hpp): a sweep under mpirun would run N times into one file.

#include "mpi_sweep.hpp"

#include <cstdlib>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "no_mpi/refuse_mpi_ranks.hpp"

namespace dramsweep::cli {

struct MpiSweep::State {};

bool launched_by_mpi() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

void refuse_several_mpi_ranks(const char* what_every_rank_would_do) {
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (launched_by_mpi() && !(size && std::string(size) == "1"))
        throw InputError(
            "<environment>", 0, "mpirun",
            std::string("this dramsweep was built without MPI (install libopenmpi-dev and rebuild), so ") +
                what_every_rank_would_do);
}

MpiSweep::MpiSweep(const sweep::SweepSpec&, sweep::SweepOptions&) {
    refuse_several_mpi_ranks(
        "every rank would run the whole sweep: run it without mpirun, or split it with --shard I/N");
}

MpiSweep::~MpiSweep() = default;
bool MpiSweep::is_worker() const {
    return false;
}
int MpiSweep::work() {
    return 0;
}
void MpiSweep::finish() {}
std::size_t MpiSweep::workers() const {
    return 0;
}
std::string MpiSweep::worker_devices() const {
    return {};
}
MpiSweep::Traffic MpiSweep::traffic() const {
    return {};
}

}  // namespace dramsweep::cli
