#pragma once
// Re-issuing an InputError raised by a model (DRAM config, accelerator config) at the spec's
// file and line: the model's message without its own "file:line: field 'x':" prefix.

#include <string>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::sweep::detail {

inline std::string bare_message(const InputError& e) {
    std::string prefix = e.file().empty() ? std::string("<input>") : e.file();
    if (e.line() > 0) prefix.append(":").append(std::to_string(e.line()));
    prefix.append(":");
    if (!e.field().empty()) prefix.append(" field '").append(e.field()).append("':");
    prefix.append(" ");
    const std::string what = e.what();
    return what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what;
}

}  // namespace dramsweep::sweep::detail
