#pragma once
// `mpirun -n N dramsweep serve`: rank 0 reads the requests and writes the answers, as without
// MPI; each batch of requests is split into one contiguous share per worker rank (ranks 1..N-1),
// which answer their shares on their own cores or GPU, and rank 0 writes the answers in input
// order (docs/scale-out.md). Worth it where one batch's requests take seconds (networks in the
// closed loop), not for requests of milliseconds. Built with MPI where CMake finds it (mpi/),
// without it otherwise (no_mpi/: serve under mpirun with several ranks is refused).

#include <memory>
#include <string>
#include <vector>

#include "dramsweep/serve/serve_request.hpp"

namespace dramsweep::cli {

class MpiServe {
public:
    // Joins the MPI job when an MPI launcher started this process; otherwise does nothing. A
    // worker's settings.threads, when 0, becomes its node's cores divided among its workers.
    explicit MpiServe(serve::ServeSettings& settings);
    ~MpiServe();  // stops the workers, leaves MPI
    MpiServe(const MpiServe&) = delete;
    MpiServe& operator=(const MpiServe&) = delete;

    bool is_worker() const;
    // A worker's whole life: answer the shares rank 0 sends until it says stop. The exit code.
    int work();
    // Rank 0: the answers to `batch`, in order, from the workers (here when there are none).
    std::vector<std::string> answer(const std::vector<serve::RequestLine>& batch);

    struct State;

private:
    std::unique_ptr<State> state_;
};

}  // namespace dramsweep::cli
