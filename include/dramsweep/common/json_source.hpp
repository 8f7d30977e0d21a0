#pragma once
// A parsed JSON document that remembers its text, so that errors about a value can name the
// file, the line the value is on, and its JSON path (e.g. "layers[3].stride").
//
// Every JSON reader of the project (topologies, accelerator and DRAM configs, sweep specs,
// serve requests) goes through this class, so all of them report bad input the same way.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dramsweep {

using Json = nlohmann::json;
using JsonPointer = nlohmann::json::json_pointer;

class JsonSource {
public:
    // Reads and parses a file; syntax errors throw InputError with the line of the error.
    static JsonSource from_file(const std::string& path);
    // Parses text that came from somewhere other than a file (`origin` names it in messages).
    static JsonSource from_text(std::string text, std::string origin);

    const Json& root() const { return root_; }
    const std::string& origin() const { return origin_; }

    // 1-based line where the value at `where` starts (0 when it is not in the text).
    std::size_t line_of(const JsonPointer& where) const;

    // Throws InputError naming this document, the line of `where` and its path.
    [[noreturn]] void fail(const JsonPointer& where, const std::string& message) const;

    // Typed access with errors that name the field. `required_*` fail when the key is absent.
    const Json& required(const JsonPointer& where) const;
    std::int64_t required_int(const JsonPointer& where) const;
    std::optional<std::int64_t> optional_int(const JsonPointer& where) const;
    double required_number(const JsonPointer& where) const;
    std::optional<double> optional_number(const JsonPointer& where) const;
    std::string required_string(const JsonPointer& where) const;
    std::optional<std::string> optional_string(const JsonPointer& where) const;
    std::optional<bool> optional_bool(const JsonPointer& where) const;

    // Fails on any key of the object at `where` that is not in `allowed` (typos are errors,
    // never silently ignored).
    void reject_unknown_keys(const JsonPointer& where, std::initializer_list<const char*> allowed) const;

private:
    JsonSource(std::string text, std::string origin, Json root);

    std::string text_;
    std::string origin_;
    Json root_;
};

// "layers[3].stride" for a pointer "/layers/3/stride", "base.set[\"org.channels\"]" for
// "/base/set/org.channels": the form used in messages.
std::string json_path_string(const JsonPointer& where);
// `path` (in that form; "" for the document) extended by an object key or an array index, for
// readers that walk values other than a parsed document (the Python module's dicts and lists).
std::string json_path_key(const std::string& path, const std::string& key);
std::string json_path_index(const std::string& path, std::size_t index);

// A JSON value quoted for a message: its text, at most about 80 characters (text::quote).
std::string value_text(const Json& value);

}  // namespace dramsweep
