// MpiServe without MPI (mpi_serve.hpp): serve under mpirun would answer every request N times.

#include "mpi_serve.hpp"

#include <string>

#include "no_mpi/refuse_mpi_ranks.hpp"

namespace dramsweep::cli {

struct MpiServe::State {
    serve::ServeSettings settings;
};

MpiServe::MpiServe(serve::ServeSettings& settings) : state_(std::make_unique<State>()) {
    refuse_several_mpi_ranks("every rank would answer every request: run serve without mpirun");
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
