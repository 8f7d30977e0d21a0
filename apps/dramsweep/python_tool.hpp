#pragma once
// Running the Python tools bundled with dramsweep (python/dramsweep/*.py), for the subcommands
// written in Python (`import-onnx`, `plot`): they need only the interpreter and their own
// packages (onnx, matplotlib), not the native module.

#include <string>
#include <vector>

namespace dramsweep::cli {

// Runs `script` (a file name in python/dramsweep/) with `args` and returns its exit code. The
// interpreter is $DRAMSWEEP_PYTHON when set, else the one the build was configured with, else
// python3 on PATH; the script is looked for in ../python/dramsweep/ next to the binary's folder
// (the build tree), then in the source tree. When there is no interpreter, prints what to
// install (`command` names the subcommand) and returns 1.
int run_python_tool(const std::string& command, const std::string& script,
                    const std::vector<std::string>& args);

}  // namespace dramsweep::cli
