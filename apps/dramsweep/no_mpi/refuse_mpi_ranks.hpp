#pragma once
// Without MPI, a command started by mpirun with more than one rank would run once per rank: the
// stand-ins of mpi_sweep.hpp and mpi_serve.hpp refuse it, saying what would happen.

namespace dramsweep::cli {

// Throws an input error naming mpirun when this process is one of several MPI ranks.
void refuse_several_mpi_ranks(const char* what_every_rank_would_do);

}  // namespace dramsweep::cli
