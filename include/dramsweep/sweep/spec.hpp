#pragma once
// A sweep spec (docs/formats.md, "Sweep specs"): one workload, a base DRAM configuration, and the
// configurations to run, given as axes (combined as a grid, a random sample or a Latin hypercube)
// and/or an explicit list. Parsing checks the structure and every key; whether a value suits its
// field is checked when the configurations are built (points.hpp), with the same file and line.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/mapper_choice.hpp"

namespace dramsweep::sweep {

// One "key = value" of a configuration, remembering where the spec gave it.
// `key` is a dotted DRAM config key (docs/dram.md), "preset", or (network workloads only) an
// accelerator field prefixed "accel." ("accel.array_rows": the JSON form's names, docs/formats.md).
struct Setting {
    std::string key;
    Json value;              // as written in the spec (number, string or bool)
    std::size_t line = 0;    // line of the value in the spec file
    std::string path;        // its JSON path, e.g. "axes/2/values/1"
};

// The text apply_override() takes: strings as they are, numbers and booleans as JSON writes them.
std::string setting_text(const Json& value);

inline constexpr const char* kAccelPrefix = "accel.";
inline constexpr const char* kPimPrefix = "pim.";
// Whether a key sets a field of the PIM template ("pim.mesh"): the keys of a PIM workload.
bool is_pim_key(const std::string& key);
// Whether a key sets an accelerator field ("accel.array_rows") rather than a DRAM one.
bool is_accel_key(const std::string& key);
// The accelerator field of an accel key: "accel.array_rows" -> "array_rows".
std::string accel_field(const std::string& key);

// What the configurations run: a request stream (generated or a trace file) through the DRAM
// model alone, a network on an accelerator with the DRAM in the closed loop, or a network mapped
// onto PIM designs (the base and the settings are then the PIM template's, "pim.*" keys).
struct Workload {
    enum class Kind { kGenerate, kTrace, kNetwork, kPim };
    Kind kind = Kind::kGenerate;
    std::string generator;             // kGenerate: seq_read, rand_read, mix_2r1w
    std::string trace_path;            // kTrace: resolved against the spec's folder
    std::size_t requests = 0;          // kGenerate: count; kTrace: keep the first N (0: all)
    std::size_t requests_line = 0;     // where "requests" was given, for its errors
    std::uint64_t max_outstanding = 0; // as `dramsweep trace --max-outstanding` (0: queues only)
    std::string topology_path;         // kNetwork: resolved against the spec's folder
    std::string accel_path;            // kNetwork: the base accelerator (.cfg or JSON)
    bool gemm = false;                 // kNetwork: the topology CSV is SCALE-Sim's GEMM form
    std::int64_t batch = 0;            // kNetwork: images per layer (0: the topology's own, workload/batch.hpp)
    std::size_t batch_line = 0;        // where "batch" was given, for its errors
    std::string pim_network;  // kPim: a bundled network name or a file (resolved against the spec's folder)
    pim::MapperChoice pim_mapper;  // kPim: the mapper and its options (workload.mapper, workload.beam, ...)

    bool is_network() const { return kind == Kind::kNetwork; }
    bool is_pim() const { return kind == Kind::kPim; }
};

// One axis: a list of levels, each setting one or more keys together ("keys" axes tie values
// that must move together, such as a queue depth and its watermarks).
struct Axis {
    std::vector<std::string> keys;
    std::vector<std::vector<Setting>> levels;  // levels[i] has one Setting per key
};

enum class Method { kGrid, kRandom, kLatinHypercube };

struct Sampling {
    Method method = Method::kGrid;
    std::uint64_t samples = 0;  // random and lhs
    std::uint64_t seed = 1;     // random, lhs, and the choice of --validate samples
};

struct SweepSpec {
    std::string file;  // the spec's path, for messages
    std::string dir;   // its folder: relative paths in the spec are resolved against it
    std::string name;
    Workload workload;
    Setting base_preset;            // key "preset"
    std::vector<Setting> base_set;  // applied to every configuration before its own settings
    std::vector<Axis> axes;
    Sampling sampling;
    std::vector<std::vector<Setting>> configs;  // explicit configurations, after the sampled ones
};

// Reads and checks a spec; bad input throws InputError naming the file, line and JSON path.
SweepSpec parse_sweep_spec(const std::string& path);
// The same from a document that is not a file (a spec built in Python): relative paths resolve
// against `dir`, and `default_name` is the name when the spec gives none.
SweepSpec parse_sweep_spec(const JsonSource& source, const std::string& dir, const std::string& default_name);

const char* to_string(Method method);

}  // namespace dramsweep::sweep
