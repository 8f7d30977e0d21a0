// `dramsweep serve`: JSON Lines of configurations on stdin, one JSON line of results per
// configuration on stdout, for optimisation loops. Lines that are already waiting are taken as
// one batch and run together on the batched engine (serve_request.hpp); answers keep the input
// order and are flushed per batch, so a client may send one line and wait for its answer.

#include <poll.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command_registry.hpp"
#include "count_option.hpp"
#include "dramsweep/common/output_file.hpp"
#include "dramsweep/serve/serve_request.hpp"
#include "mpi_serve.hpp"

namespace dramsweep::cli {
namespace {

struct ServeOptions {
    std::string backend = "auto";
    unsigned threads = 0;
    std::size_t max_batch = 256;
};

bool more_input_waiting() {
    if (std::cin.rdbuf()->in_avail() > 0) return true;
    pollfd fd{STDIN_FILENO, POLLIN, 0};
    return poll(&fd, 1, 0) > 0 && (fd.revents & (POLLIN | POLLHUP)) != 0;
}

int run_serve(const ServeOptions& opt) {
    serve::ServeSettings settings;
    settings.backend = backend::resolve_backend(backend::parse_backend(opt.backend));
    settings.threads = opt.threads;
    // Under mpirun, rank 0 reads and writes and the other ranks answer (mpi_serve.hpp).
    MpiServe mpi(settings);
    if (mpi.is_worker()) return mpi.work();
    std::size_t line_number = 0;
    std::string line;
    std::vector<serve::RequestLine> batch;
    while (std::getline(std::cin, line)) {
        batch.clear();
        batch.push_back({line, ++line_number});
        while (batch.size() < opt.max_batch && more_input_waiting() && std::getline(std::cin, line)) {
            batch.push_back({line, ++line_number});
        }
        // Blank lines get no answer: they are not requests.
        std::erase_if(batch, [](const serve::RequestLine& r) {
            return r.text.find_first_not_of(" \t\r") == std::string::npos;
        });
        for (const std::string& answer : mpi.answer(batch)) std::cout << answer << '\n';
        finish_stdout();  // a closed pipe or full disk ends serve with exit 3, not silently
    }
    return 0;
}

const RegisterCommand kRegisterServe{
    "serve", "JSON Lines in (one configuration per line), JSON Lines out (one result per configuration)",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<ServeOptions>();
        sub.add_option("--backend", opt->backend, "auto | cuda | host | reference")->capture_default_str();
        sub.add_option("--threads", opt->threads, "host threads (0, the default: all cores)")
            ->check(count_at_least(0));
        sub.add_option("--max-batch", opt->max_batch, "most lines run together (at least 1)")
            ->capture_default_str()
            ->check(count_at_least(1));
        return [opt] { return run_serve(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
