#pragma once
// Subcommands register themselves here, one source file each, so that adding a subcommand
// touches no other file. main() builds the CLI11 app from the registry.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace dramsweep::cli {

// Adds the subcommand's options to `sub` and returns the action to run once parsing succeeded.
// The action returns the process exit code; it throws InputError for bad input.
using CommandSetup = std::function<std::function<int()>(CLI::App& sub)>;

struct CommandSpec {
    std::string name;
    std::string description;
    CommandSetup setup;
};

std::vector<CommandSpec>& command_registry();

struct RegisterCommand {
    RegisterCommand(std::string name, std::string description, CommandSetup setup) {
        command_registry().push_back({std::move(name), std::move(description), std::move(setup)});
    }
};

}  // namespace dramsweep::cli
