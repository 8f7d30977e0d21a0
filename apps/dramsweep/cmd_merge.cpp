// `dramsweep merge SHARD... --out R.csv`: the files of `sweep --shard I/N` joined into one.

#include <iostream>

#include "command_registry.hpp"
#include "dramsweep/sweep/merge.hpp"

namespace {

struct MergeCommandOptions {
    std::vector<std::string> shards;
    std::string out;
};

const dramsweep::cli::RegisterCommand kMergeCommand{
    "merge",
    "Join the result files of a sweep's shards (sweep --shard I/N) into one, checking each configuration is "
    "there once",
    [](CLI::App& sub) {
        auto o = std::make_shared<MergeCommandOptions>();
        sub.add_option("shards", o->shards, "The shards' result files (.csv or .jsonl)")->required();
        sub.add_option("--out", o->out, "The merged results, in the shards' format")->required();
        return [o] {
            const dramsweep::sweep::MergeReport r = dramsweep::sweep::merge_shards(o->shards, o->out);
            std::cerr << "merge: " << r.configs << " configurations from " << r.shards << " shard files into "
                      << o->out << "\n";
            return 0;
        };
    }};

}  // namespace
