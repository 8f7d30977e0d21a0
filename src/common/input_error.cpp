#include "dramsweep/common/input_error.hpp"

#include "dramsweep/common/text.hpp"

namespace dramsweep {
namespace {

std::string format_message(const std::string& file, std::size_t line, const std::string& field,
                           const std::string& message) {
    // Built with append() only: GCC 12 reports a false -Wrestrict on `"literal" + std::string`.
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line > 0) out.append(":").append(std::to_string(line));
    out.append(":");
    if (!field.empty()) out.append(" field '").append(field).append("':");
    out.append(" ").append(message);
    return text::printable(out);
}

}  // namespace

InputError::InputError(std::string file, std::size_t line, std::string field, std::string message)
    : std::runtime_error(format_message(file, line, field, message)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace dramsweep
