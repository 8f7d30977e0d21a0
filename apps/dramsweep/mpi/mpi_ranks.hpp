#pragma once
// What the MPI commands (mpi_sweep.cpp, mpi_serve.cpp) share: messages between rank 0 and its
// workers, a worker's place on its node, and the device it computes on.

#include <string>

#include "dramsweep/backend/backend.hpp"

namespace dramsweep::cli::mpi {

// The message tags. A worker: READY once set up (its device in the body) or ERROR, then ROWS
// after each batch (or ERROR); rank 0: BATCH in answer, or STOP when none is left.
enum Tag : int { kReady = 1, kRows = 2, kError = 3, kBatch = 4, kStop = 5 };

struct Message {
    int source = 0;
    int tag = 0;
    std::string body;
};

// Waits for the next message from `source` (MPI_ANY_SOURCE: any) without the busy poll of a
// blocking MPI_Recv, which would take a core from the ranks computing on the same node: it polls
// with growing pauses (at most 10 ms) in between.
Message receive(int source);
void send(int destination, Tag tag, const std::string& body);

// A worker's failure travels as its InputError's parts (file, line, field, message), so that
// rank 0 reports it as bad input too; anything else as its text alone.
std::string encode_error(const std::exception& e);
[[noreturn]] void rethrow_error(int rank, const std::string& body);

// The workers (ranks other than 0) on this rank's node, which share its cores and GPUs, and this
// rank's place among them (0 for the first worker of the node). Collective over MPI_COMM_WORLD.
struct NodeShare {
    int workers = 0;
    int index = 0;
};
NodeShare share_of_this_node(int rank);

// Host threads for a worker without --threads: its node's cores divided among the node's workers.
unsigned threads_per_worker(const NodeShare& share);

// Where a worker computes: its GPU (by its place on the node, so that the workers of a node
// spread over its GPUs) when the backend is cuda, else the host. The text says which.
std::string choose_worker_device(backend::BackendKind kind, int index_on_node);

}  // namespace dramsweep::cli::mpi
