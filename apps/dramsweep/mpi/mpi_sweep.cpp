// MpiSweep with MPI (mpi_sweep.hpp). The protocol is mpi_ranks.hpp's, a BATCH being configuration
// indices and ROWS their result rows as JSON Lines.
// Batches go out as workers ask, so a slow batch holds up only its worker. Rank 0 writes and
// flushes each batch's rows as they arrive: a rank that dies loses only the batch it held, and
// --resume redoes the configurations missing from OUT.partial.

#include "mpi_sweep.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/sweep_workload.hpp"
#include "mpi/mpi_ranks.hpp"

namespace dramsweep::cli {
namespace {

using mpi::kBatch;
using mpi::kError;
using mpi::kReady;
using mpi::kRows;
using mpi::kStop;
using mpi::Message;
using mpi::receive;
using mpi::send;

// Each worker gets about this many batches, so that the last ones even out the workers' finish.
constexpr std::size_t kBatchesPerWorker = 4;

std::string encode_indices(const std::vector<std::size_t>& indices) {
    std::string body(indices.size() * sizeof(std::uint64_t), '\0');
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const auto value = static_cast<std::uint64_t>(indices[k]);
        std::copy_n(reinterpret_cast<const char*>(&value), sizeof value, body.data() + k * sizeof value);
    }
    return body;
}

std::vector<std::size_t> decode_indices(const std::string& body) {
    std::vector<std::size_t> indices(body.size() / sizeof(std::uint64_t));
    for (std::size_t k = 0; k < indices.size(); ++k) {
        std::uint64_t value = 0;
        std::copy_n(body.data() + k * sizeof value, sizeof value, reinterpret_cast<char*>(&value));
        indices[k] = static_cast<std::size_t>(value);
    }
    return indices;
}

// This thread's CPU time: rank 0's busy time without the time other processes had its core.
double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Rank 0's side: hands the batches out and takes the rows in.
class MpiDistributor final : public sweep::BatchDistributor {
public:
    explicit MpiDistributor(int ranks)
        : stopped_(static_cast<std::size_t>(ranks), false), devices_(static_cast<std::size_t>(ranks)) {
        stopped_[0] = true;
    }

    std::size_t batch_size(std::size_t pending, std::size_t backend_default) const override {
        const std::size_t workers = stopped_.size() - 1;
        const std::size_t share = (pending + workers * kBatchesPerWorker - 1) / (workers * kBatchesPerWorker);
        return std::clamp<std::size_t>(share, 1, backend_default);
    }

    void run(const std::vector<std::vector<std::size_t>>& batches,
             const std::function<void(const sweep::Row&)>& on_row,
             const std::function<void()>& on_batch) override {
        std::size_t next = 0;
        std::string failure;
        int failed_rank = 0;
        while (running() > 0) {
            const Message m = receive(MPI_ANY_SOURCE);
            if (m.tag == kError) {
                stopped_[static_cast<std::size_t>(m.source)] = true;
                if (failure.empty()) {
                    failure = m.body;
                    failed_rank = m.source;
                }
                continue;
            }
            if (m.tag == kReady) devices_[static_cast<std::size_t>(m.source)] = m.body;
            const auto busy_from = std::chrono::steady_clock::now();
            const double cpu_from = thread_cpu_seconds();
            if (m.tag == kRows) {
                for (std::size_t start = 0, end; (end = m.body.find('\n', start)) != std::string::npos;
                     start = end + 1) {
                    on_row(sweep::Row::parse(m.body.substr(start, end - start)));
                    ++rows_;
                }
                on_batch();
                bytes_ += m.body.size();
            }
            if (failure.empty() && next < batches.size()) {
                send(m.source, kBatch, encode_indices(batches[next++]));
            } else {
                send(m.source, kStop, "");
                stopped_[static_cast<std::size_t>(m.source)] = true;
            }
            busy_seconds_ +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - busy_from).count();
            cpu_seconds_ += thread_cpu_seconds() - cpu_from;
        }
        if (!failure.empty()) mpi::rethrow_error(failed_rank, failure);
    }

    // Stops the workers still running: each is waiting to be answered (READY or ROWS) or has
    // failed (ERROR). Rows that arrive now are not written: the sweep has failed.
    void stop_all() {
        while (running() > 0) {
            const Message m = receive(MPI_ANY_SOURCE);
            if (m.tag == kReady) devices_[static_cast<std::size_t>(m.source)] = m.body;
            if (m.tag != kError) send(m.source, kStop, "");
            stopped_[static_cast<std::size_t>(m.source)] = true;
        }
    }

    // What rank 0 did for the rows: its time between a message and its answer (parsing, writing,
    // flushing, sending), the rows and the bytes received. rows / busy seconds is the most rank 0
    // could take in.
    MpiSweep::Traffic traffic() const { return {rows_, bytes_, busy_seconds_, cpu_seconds_}; }

    // What each worker said it computes on (index: rank; empty for rank 0 and silent ranks).
    const std::vector<std::string>& devices() const { return devices_; }

private:
    std::size_t running() const {
        return static_cast<std::size_t>(std::count(stopped_.begin(), stopped_.end(), false));
    }

    std::vector<bool> stopped_;
    std::vector<std::string> devices_;
    std::size_t rows_ = 0;
    std::size_t bytes_ = 0;
    double busy_seconds_ = 0;
    double cpu_seconds_ = 0;
};



}  // namespace

struct MpiSweep::State {
    const sweep::SweepSpec* spec = nullptr;
    sweep::SweepOptions options;
    int rank = 0;
    int ranks = 1;
    int index_on_node = 0;  // among the workers of this rank's node
    std::unique_ptr<MpiDistributor> distributor;
};

bool launched_by_mpi() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

MpiSweep::MpiSweep(const sweep::SweepSpec& spec, sweep::SweepOptions& options) {
    if (!launched_by_mpi()) return;
    // Before MPI_Init: every rank refuses alike and none has to leave MPI.
    if (options.shard)
        throw InputError(
            "<command line>", 0, "--shard",
            "under mpirun the ranks share the sweep already: use --shard without mpirun (job arrays)");
    state_ = std::make_unique<State>();
    MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &state_->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &state_->ranks);
    if (state_->ranks < 2) return;
    const mpi::NodeShare share = mpi::share_of_this_node(state_->rank);
    state_->index_on_node = share.index;
    if (options.threads == 0 && options.backend != backend::BackendKind::kCuda)
        options.threads = mpi::threads_per_worker(share);
    state_->spec = &spec;
    state_->options = options;
    if (state_->rank == 0) {
        state_->distributor = std::make_unique<MpiDistributor>(state_->ranks);
        options.distributor = state_->distributor.get();
    }
}

MpiSweep::~MpiSweep() {
    if (!state_) return;
    try {
        finish();
    } catch (...) {
        // Leaving MPI below matters more than a worker we could not stop (mpirun ends it).
    }
    MPI_Finalize();
}

bool MpiSweep::is_worker() const {
    return state_ && state_->rank != 0 && state_->ranks > 1;
}

MpiSweep::Traffic MpiSweep::traffic() const {
    return state_ && state_->distributor ? state_->distributor->traffic() : Traffic{};
}

std::string MpiSweep::worker_devices() const {
    if (!state_ || !state_->distributor) return {};
    const std::vector<std::string>& devices = state_->distributor->devices();
    std::string text;
    for (std::size_t rank = 1; rank < devices.size(); ++rank) {
        if (devices[rank].empty()) continue;
        text += (text.empty() ? "rank " : ", rank ") + std::to_string(rank) + " on " + devices[rank];
    }
    return text;
}

std::size_t MpiSweep::workers() const {
    return state_ ? static_cast<std::size_t>(state_->ranks - 1) : 0;
}

void MpiSweep::finish() {
    if (state_ && state_->distributor) state_->distributor->stop_all();
}

int MpiSweep::work() {
    const sweep::SweepSpec& spec = *state_->spec;
    const sweep::SweepOptions& options = state_->options;
    try {
        const std::unique_ptr<sweep::SweepWorkload> workload = sweep::make_sweep_workload(spec);
        const std::vector<sweep::SweepPoint> points =
            sweep::expand_points(spec, sweep::spec_fingerprint(spec, workload->hash()));
        workload->check_every_setting();
        const backend::BackendKind kind = backend::resolve_backend(options.backend);
        backend::BatchOptions batch_options;
        batch_options.max_outstanding = spec.workload.max_outstanding;
        batch_options.threads = options.threads;
        send(0, kReady, mpi::choose_worker_device(kind, state_->index_on_node));
        for (;;) {
            const Message m = receive(0);
            if (m.tag == kStop) return 0;
            std::vector<const sweep::SweepPoint*> batch;
            for (const std::size_t i : decode_indices(m.body)) {
                if (i >= points.size())
                    throw std::runtime_error("rank 0 sent configuration " + std::to_string(i));
                batch.push_back(&points[i]);
            }
            std::string rows;
            workload->run(batch, kind, batch_options, [&](const sweep::SweepPoint&, const sweep::Row& row) {
                rows += row.dump() + '\n';
            });
            send(0, kRows, rows);
        }
    } catch (const std::exception& e) {
        // Rank 0 reports it (the same spec error reaches rank 0 as well, once).
        send(0, kError, mpi::encode_error(e));
        return dynamic_cast<const InputError*>(&e) ? kExitBadInput : 1;
    }
}

}  // namespace dramsweep::cli
