// dramsweep: one binary, one subcommand per file in this folder (see command_registry.hpp).

#include <algorithm>
#include <csignal>
#include <iostream>
#include <map>

#include "command_registry.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/output_file.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep::cli {

std::vector<CommandSpec>& command_registry() {
    static std::vector<CommandSpec> registry;
    return registry;
}

}  // namespace dramsweep::cli

int main(int argc, char** argv) {
    using namespace dramsweep;
    // A closed pipe on stdout, or a file over the size limit (ulimit -f), is then a failed write
    // (reported, exit 3), not a silent death by signal.
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App app{"dramsweep: systolic-array accelerators with a cycle-level DRAM model, swept at scale"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "dramsweep 0.1.0");

    auto specs = cli::command_registry();
    std::sort(specs.begin(), specs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::map<CLI::App*, std::function<int()>> actions;
    for (const auto& spec : specs) {
        CLI::App* sub = app.add_subcommand(spec.name, spec.description);
        actions[sub] = spec.setup(*sub);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses exit code 0 for --help; usage errors become our bad-input code.
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitBadInput;
    }

    try {
        for (auto& [sub, action] : actions) {
            if (!sub->parsed()) continue;
            const int code = action();
            finish_stdout();  // a full disk or a closed pipe must not pass for success
            return code;
        }
    } catch (const InputError& e) {
        std::cerr << "dramsweep: error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const OutputError& e) {
        std::cerr << "dramsweep: error: " << text::printable(e.what()) << "\n";
        return kExitOutputError;
    } catch (const std::exception& e) {
        std::cerr << "dramsweep: internal error: " << text::printable(e.what()) << "\n";
        return 1;
    }
    return 0;
}
