#pragma once
// `mpirun -n N dramsweep sweep SPEC`: rank 0 runs the sweep (resume, output, validation) and
// hands out batches of configurations to ranks 1..N-1 as they finish, which run them and send
// their rows back (docs/scale-out.md). Built with MPI where CMake finds it (mpi/), without it
// otherwise (no_mpi/: a sweep under mpirun is refused rather than run N times).

#include <cstddef>
#include <memory>

#include "dramsweep/sweep/runner.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::cli {

// True when an MPI launcher started this process (mpirun sets OMPI_COMM_WORLD_SIZE, PMIx
// launchers PMIX_RANK): then the sweep is one of several ranks.
bool launched_by_mpi();

class MpiSweep {
public:
    // Joins the MPI job when launched_by_mpi(); otherwise does nothing. On rank 0 of a job of
    // more than one rank it sets options.distributor (and, with the host backend and no
    // --threads, each worker's share of its node's cores).
    MpiSweep(const sweep::SweepSpec& spec, sweep::SweepOptions& options);
    ~MpiSweep();  // stops the workers still waiting (rank 0 failed early), leaves MPI
    MpiSweep(const MpiSweep&) = delete;
    MpiSweep& operator=(const MpiSweep&) = delete;

    bool is_worker() const;
    // A worker's whole life: run the batches rank 0 sends until it says stop. The exit code.
    int work();
    // Rank 0, after run_sweep: stops every worker that has not been stopped yet.
    void finish();
    std::size_t workers() const;  // ranks other than 0 (0 without MPI)
    // Rank 0, after run_sweep: where each worker computed ("rank 1 on GPU 0 of 2 (NAME), rank 2
    // on host"); empty without MPI.
    std::string worker_devices() const;

    // Rank 0: the rows it received, their bytes, and its time handling them (wall clock, and
    // its own CPU time: less where the node's other processes took the core meanwhile).
    struct Traffic {
        std::size_t rows = 0;
        std::size_t bytes = 0;
        double busy_seconds = 0;
        double cpu_seconds = 0;
    };
    Traffic traffic() const;

    struct State;

private:
    std::unique_ptr<State> state_;
};

}  // namespace dramsweep::cli
