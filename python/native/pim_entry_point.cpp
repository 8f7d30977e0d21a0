// pim_evaluate (entry_points.hpp): `dramsweep pim evaluate --json` for Python. A file of its own:
// the PIM configuration's headers and the accelerator's both declare a FieldSource.

#include <string>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/evaluate.hpp"
#include "entry_points.hpp"

namespace dramsweep::python {

Row pim_evaluate(const Json& request) {
    const std::string origin = "pim.evaluate()";
    try {
        const JsonSource s = JsonSource::from_text(request.dump(), origin);
        s.reject_unknown_keys(JsonPointer(),
                              {"pim", "network", "batch", "mapper", "pim_set", "dram_set", "timing"});
        pim::EvaluateRequest r;
        r.pim = s.required_string(JsonPointer("/pim"));
        r.network = s.required_string(JsonPointer("/network"));
        if (const auto batch = s.optional_int(JsonPointer("/batch"))) {
            if (*batch < 1) s.fail(JsonPointer("/batch"), "the batch size must be at least 1");
            r.batch = *batch;
        }
        r.mapper = s.optional_string(JsonPointer("/mapper")).value_or("baseline");
        if (r.mapper != "baseline")
            s.fail(JsonPointer("/mapper"), "unknown mapper '" + r.mapper + "' (available: baseline)");
        r.timing = s.optional_bool(JsonPointer("/timing")).value_or(false);
        // The CLI's --set: pim.* for the design, other keys for the node's DRAM.
        for (const char* group : {"pim_set", "dram_set"}) {
            if (!s.root().contains(group)) continue;
            const Json& set = s.root()[group];
            if (!set.is_object()) s.fail(JsonPointer() / group, "expected an object of fields");
            for (const auto& item : set.items()) {
                const Json& v = item.value();
                if (!(v.is_number() || v.is_string() || v.is_boolean()))
                    s.fail(JsonPointer() / group / item.key(), "expected a number, a string or true/false");
                std::string key = item.key();
                if (std::string(group) == "pim_set" && !key.starts_with("pim.")) key = "pim." + key;
                if (std::string(group) == "dram_set" && key.starts_with("pim."))
                    s.fail(JsonPointer() / group / item.key(), "design fields go in pim_set");
                r.overrides.push_back(key + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
            }
        }
        try {
            return Row::parse(pim::report_json(pim::evaluate(r).report()));
        } catch (const InputError& e) {
            // The CLI's option names become the call's keys.
            if (e.file() == "--set") throw InputError(origin, 0, e.field(), e.message());
            if (e.file() == "--pim") throw InputError(origin, 0, "pim", e.message());
            throw;
        }
    } catch (const InputError& e) {
        // The request is one line of JSON made here, not lines the user wrote.
        if (e.line() == 0 || !e.file().starts_with(origin)) throw;
        throw InputError(e.file(), 0, e.field(), e.message());
    }
}

}  // namespace dramsweep::python
