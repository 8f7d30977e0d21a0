// `dramsweep serve`: JSON Lines of configurations on stdin, one JSON line of results per
// configuration on stdout, for optimisation loops. Lines that are already waiting are taken as
// one batch and run in parallel; answers keep the input order and are flushed per batch, so a
// client may send one line and wait for its answer.

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "command_registry.hpp"
#include "dramsweep/serve/serve_request.hpp"

namespace dramsweep::cli {
namespace {

struct ServeOptions {
    unsigned threads = 0;
    std::size_t max_batch = 256;
};

bool more_input_waiting() {
    if (std::cin.rdbuf()->in_avail() > 0) return true;
    pollfd fd{STDIN_FILENO, POLLIN, 0};
    return poll(&fd, 1, 0) > 0 && (fd.revents & (POLLIN | POLLHUP)) != 0;
}

int run_serve(const ServeOptions& opt) {
    const unsigned threads = opt.threads > 0 ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    std::size_t line_number = 0;
    std::string line;
    std::vector<std::string> batch;
    while (std::getline(std::cin, line)) {
        const std::size_t first = line_number + 1;
        batch.clear();
        batch.push_back(line);
        ++line_number;
        while (batch.size() < opt.max_batch && more_input_waiting() && std::getline(std::cin, line)) {
            batch.push_back(line);
            ++line_number;
        }
        // Blank lines get no answer: they are not requests.
        std::vector<std::string> requests;
        std::vector<std::size_t> numbers;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].find_first_not_of(" \t\r") == std::string::npos) continue;
            requests.push_back(batch[i]);
            numbers.push_back(first + i);
        }
        std::vector<std::string> answers(requests.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t i = next++; i < requests.size(); i = next++) {
                answers[i] = serve::answer_request(requests[i], numbers[i]);
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < std::min<unsigned>(threads, static_cast<unsigned>(requests.size())); ++t) {
            pool.emplace_back(work);
        }
        work();
        for (auto& t : pool) t.join();
        for (const std::string& a : answers) std::cout << a << '\n';
        std::cout.flush();
    }
    return 0;
}

const RegisterCommand kRegisterServe{
    "serve", "JSON Lines in (one configuration per line), JSON Lines out (one result per configuration)",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<ServeOptions>();
        sub.add_option("--threads", opt->threads, "host threads (default: all cores)");
        sub.add_option("--max-batch", opt->max_batch, "most lines run together")->capture_default_str();
        return [opt] { return run_serve(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
