// MpiServe with MPI (mpi_serve.hpp). The protocol is mpi_ranks.hpp's: a BATCH is a share of the
// request lines (each "NUMBER<tab>TEXT\n"), ROWS its answers, one per line, in order.

#include "mpi_serve.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "mpi/mpi_ranks.hpp"
#include "mpi_sweep.hpp"

namespace dramsweep::cli {
namespace {

std::string encode_lines(std::vector<serve::RequestLine>::const_iterator first,
                         std::vector<serve::RequestLine>::const_iterator last) {
    std::string body;
    for (auto it = first; it != last; ++it) body += std::to_string(it->number) + '\t' + it->text + '\n';
    return body;
}

std::vector<serve::RequestLine> decode_lines(const std::string& body) {
    std::vector<serve::RequestLine> lines;
    for (std::size_t start = 0, end; (end = body.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::size_t tab = body.find('\t', start);
        lines.push_back({body.substr(tab + 1, end - tab - 1), std::stoul(body.substr(start, tab - start))});
    }
    return lines;
}

std::vector<std::string> split_lines(const std::string& body) {
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = body.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(body.substr(start, end - start));
    return lines;
}

}  // namespace

struct MpiServe::State {
    serve::ServeSettings settings;
    int rank = 0;
    int ranks = 1;
    int index_on_node = 0;
    bool joined = false;  // MPI_Init was called
};

MpiServe::MpiServe(serve::ServeSettings& settings) : state_(std::make_unique<State>()) {
    state_->settings = settings;
    if (!launched_by_mpi()) return;
    MPI_Init(nullptr, nullptr);
    state_->joined = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &state_->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &state_->ranks);
    if (state_->ranks > 1) {
        const mpi::NodeShare share = mpi::share_of_this_node(state_->rank);
        state_->index_on_node = share.index;
        if (settings.threads == 0 && settings.backend != backend::BackendKind::kCuda)
            settings.threads = mpi::threads_per_worker(share);
    }
    state_->settings = settings;
}

MpiServe::~MpiServe() {
    if (!state_->joined) return;
    // Every share sent was answered (answer() waits for all), so the workers are all waiting.
    if (state_->rank == 0)
        for (int worker = 1; worker < state_->ranks; ++worker) mpi::send(worker, mpi::kStop, "");
    MPI_Finalize();
}

bool MpiServe::is_worker() const {
    return state_->rank != 0 && state_->ranks > 1;
}

int MpiServe::work() {
    mpi::choose_worker_device(state_->settings.backend, state_->index_on_node);
    for (;;) {
        const mpi::Message m = mpi::receive(0);
        if (m.tag == mpi::kStop) return 0;
        try {
            std::string answers;
            for (const std::string& answer : serve::answer_requests(decode_lines(m.body), state_->settings))
                answers += answer + '\n';
            mpi::send(0, mpi::kRows, answers);
        } catch (const std::exception& e) {
            // answer_requests answers bad input itself; this is a failure of the machine (say,
            // the GPU): rank 0 reports it and stops.
            mpi::send(0, mpi::kError, mpi::encode_error(e));
        }
    }
}

std::vector<std::string> MpiServe::answer(const std::vector<serve::RequestLine>& batch) {
    if (state_->ranks < 2) return serve::answer_requests(batch, state_->settings);
    const auto workers = static_cast<std::size_t>(state_->ranks - 1);
    const std::size_t share = (batch.size() + workers - 1) / workers;
    std::size_t sent = 0;
    for (std::size_t w = 0; w < workers && w * share < batch.size(); ++w, ++sent) {
        const auto first = batch.begin() + static_cast<std::ptrdiff_t>(w * share);
        const auto last =
            batch.begin() + static_cast<std::ptrdiff_t>(std::min(batch.size(), (w + 1) * share));
        mpi::send(static_cast<int>(w + 1), mpi::kBatch, encode_lines(first, last));
    }
    std::vector<std::string> answers;
    answers.reserve(batch.size());
    std::string failure;
    int failed_rank = 0;
    for (std::size_t w = 0; w < sent; ++w) {  // in rank order: the shares are contiguous
        const mpi::Message m = mpi::receive(static_cast<int>(w + 1));
        if (m.tag == mpi::kError) {
            if (failure.empty()) {
                failure = m.body;
                failed_rank = m.source;
            }
            continue;
        }
        for (std::string& a : split_lines(m.body)) answers.push_back(std::move(a));
    }
    if (!failure.empty()) mpi::rethrow_error(failed_rank, failure);
    if (answers.size() != batch.size())
        throw std::runtime_error("MPI serve: " + std::to_string(answers.size()) + " answers to " +
                                 std::to_string(batch.size()) + " requests");
    return answers;
}

}  // namespace dramsweep::cli
