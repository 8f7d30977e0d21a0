// mpi_ranks.hpp with MPI.

#include "mpi/mpi_ranks.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::cli::mpi {

Message receive(int source) {
    // The pause between polls doubles while nothing comes, up to 10 ms: each poll runs MPI's
    // progress engine (microseconds of CPU), and rank 0 waits seconds for closed-loop batches; a
    // batch handed out 10 ms late costs less than a core polling 5,000 times a second.
    constexpr auto kLongestPause = std::chrono::microseconds(10'000);
    auto pause = std::chrono::microseconds(50);
    MPI_Status status;
    int arrived = 0;
    for (;;) {
        MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
        if (arrived) break;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, kLongestPause);
    }
    int bytes = 0;
    MPI_Get_count(&status, MPI_CHAR, &bytes);
    Message m{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(bytes), '\0')};
    MPI_Recv(m.body.data(), bytes, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    return m;
}

void send(int destination, Tag tag, const std::string& body) {
    MPI_Send(body.data(), static_cast<int>(body.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD);
}

std::string encode_error(const std::exception& e) {
    if (const auto* input = dynamic_cast<const InputError*>(&e))
        return "I" + input->file() + '\n' + std::to_string(input->line()) + '\n' + input->field() + '\n' +
               input->message();
    return std::string("E") + e.what();
}

void rethrow_error(int rank, const std::string& body) {
    if (!body.empty() && body[0] == 'I') {
        const std::size_t a = body.find('\n');
        const std::size_t b = body.find('\n', a + 1);
        const std::size_t c = body.find('\n', b + 1);
        throw InputError(body.substr(1, a - 1), std::stoul(body.substr(a + 1, b - a - 1)),
                         body.substr(b + 1, c - b - 1),
                         "(MPI rank " + std::to_string(rank) + ") " + body.substr(c + 1));
    }
    throw std::runtime_error("MPI rank " + std::to_string(rank) + ": " + body.substr(1));
}

NodeShare share_of_this_node(int rank) {
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
    int node_rank = 0;
    MPI_Comm_rank(node, &node_rank);
    int mine = rank == 0 ? 0 : 1;
    NodeShare share;
    MPI_Allreduce(&mine, &share.workers, 1, MPI_INT, MPI_SUM, node);
    MPI_Exscan(&mine, &share.index, 1, MPI_INT, MPI_SUM, node);
    if (node_rank == 0) share.index = 0;  // MPI_Exscan leaves the first rank's result undefined
    MPI_Comm_free(&node);
    return share;
}

unsigned threads_per_worker(const NodeShare& share) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max(1u, cores / static_cast<unsigned>(std::max(1, share.workers)));
}

std::string choose_worker_device(backend::BackendKind kind, int index_on_node) {
    if (kind != backend::BackendKind::kCuda) return "host";
    const gpu::DeviceChoice choice = gpu::use_device_for(static_cast<unsigned>(index_on_node));
    if (choice.device < 0) return "host (no GPU)";
    return "GPU " + std::to_string(choice.device) + " of " + std::to_string(choice.count) + " (" +
           gpu::device_name() + ")";
}

}  // namespace dramsweep::cli::mpi
