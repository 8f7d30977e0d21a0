// `dramsweep import-onnx MODEL.onnx -o net.json`: an ONNX model's layers as a topology JSON,
// by the bundled Python tool python/dramsweep/onnx_import.py (needs python3-onnx).

#include <memory>
#include <optional>

#include "command_registry.hpp"
#include "python_tool.hpp"

namespace dramsweep::cli {
namespace {

struct ImportOnnxOptions {
    std::string model;
    std::string out;
    std::optional<std::string> batch;
    std::optional<std::string> name;
};

const RegisterCommand kRegisterImportOnnx{
    "import-onnx", "An ONNX model's Conv, Gemm and MatMul layers as a topology JSON (needs python3-onnx)",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<ImportOnnxOptions>();
        sub.add_option("model", opt->model, "the ONNX model (.onnx)")->required();
        sub.add_option("-o,--out", opt->out, "the topology JSON to write")->required();
        sub.add_option("--batch", opt->batch, "images per layer (default: the model's batch, else 1)");
        sub.add_option("--name", opt->name, "the topology's name (default: the graph's, else the file's)");
        return [opt] {
            std::vector<std::string> args = {opt->model, "--out", opt->out};
            if (opt->batch) args.insert(args.end(), {"--batch", *opt->batch});
            if (opt->name) args.insert(args.end(), {"--name", *opt->name});
            return run_python_tool("import-onnx", "onnx_import.py", args);
        };
    }};

}  // namespace
}  // namespace dramsweep::cli
