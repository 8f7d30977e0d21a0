#pragma once
// JSON written for output (answers, result rows, reports). A string that is not UTF-8 (a layer
// name or a path read as bytes) is written with U+FFFD in place of each bad byte instead of
// nlohmann's default, an exception that would end the command and lose every answer.

#include <string>

#include <nlohmann/json.hpp>

namespace dramsweep {

template <typename JsonValue>
std::string json_text(const JsonValue& value, int indent = -1) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace dramsweep
