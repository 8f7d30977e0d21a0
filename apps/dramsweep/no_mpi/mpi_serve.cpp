// MpiServe without MPI (mpi_serve.hpp): serve under mpirun would answer every request N times.

#include "mpi_serve.hpp"

#include <cstdlib>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "mpi_sweep.hpp"

namespace dramsweep::cli {

struct MpiServe::State {
    serve::ServeSettings settings;
};

MpiServe::MpiServe(serve::ServeSettings& settings) : state_(std::make_unique<State>()) {
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (launched_by_mpi() && !(size && std::string(size) == "1"))
        throw InputError(
            "<environment>", 0, "mpirun",
            "this dramsweep was built without MPI (install libopenmpi-dev and rebuild), so every "
            "rank would answer every request: run serve without mpirun");
    state_->settings = settings;
}
MpiServe::~MpiServe() = default;
bool MpiServe::is_worker() const {
    return false;
}
int MpiServe::work() {
    return 0;
}
std::vector<std::string> MpiServe::answer(const std::vector<serve::RequestLine>& batch) {
    return serve::answer_requests(batch, state_->settings);
}

}  // namespace dramsweep::cli
