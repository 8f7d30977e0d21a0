#include "dramsweep/common/json_source.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {
namespace {

// A structural scan of JSON text that finds the line where the value at a given path starts.
// It assumes the text already parsed (nlohmann did that), so it only follows the structure.
class LineLocator {
public:
    LineLocator(const std::string& text, std::vector<std::string> target)
        : text_(text), target_(std::move(target)) {}

    std::size_t find() {
        skip_space();
        value(0);
        return found_line_;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
            if (text_[pos_] == '\n') ++line_;
            ++pos_;
        }
    }

    std::string string_token() {
        std::string out;
        ++pos_;  // opening quote
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
            out += text_[pos_++];
        }
        ++pos_;  // closing quote
        return out;
    }

    // `depth` path tokens matched so far; record the line when the whole target matched.
    void value(std::size_t depth) {
        if (found_line_ != 0 || pos_ >= text_.size()) return;
        const bool on_path = depth <= target_.size() && matched_ == depth;
        if (on_path && depth == target_.size()) found_line_ = line_;
        const char c = text_[pos_];
        if (c == '{') {
            ++pos_;
            skip_space();
            // Once found, stop: the remaining values are not scanned (a found value returns
            // without consuming its text, so scanning on would never advance).
            while (found_line_ == 0 && pos_ < text_.size() && text_[pos_] != '}') {
                const std::size_t key_line = line_;
                const std::string key = string_token();
                skip_space();
                ++pos_;  // ':'
                skip_space();
                const bool descend = on_path && depth < target_.size() && target_[depth] == key;
                if (descend) {
                    matched_ = depth + 1;
                    if (depth + 1 == target_.size() && found_line_ == 0) found_line_ = key_line;
                }
                value(depth + 1);
                if (descend && found_line_ == 0) matched_ = depth;
                skip_space();
                if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
                skip_space();
            }
            ++pos_;
        } else if (c == '[') {
            ++pos_;
            skip_space();
            std::size_t index = 0;
            while (found_line_ == 0 && pos_ < text_.size() && text_[pos_] != ']') {
                const bool descend = on_path && depth < target_.size() && target_[depth] == std::to_string(index);
                if (descend) matched_ = depth + 1;
                value(depth + 1);
                if (descend && found_line_ == 0) matched_ = depth;
                skip_space();
                if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
                skip_space();
                ++index;
            }
            ++pos_;
        } else if (c == '"') {
            string_token();
        } else {
            while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
                   !std::isspace(static_cast<unsigned char>(text_[pos_]))) {
                ++pos_;
            }
        }
    }

    const std::string& text_;
    std::vector<std::string> target_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t matched_ = 0;
    std::size_t found_line_ = 0;
};

std::vector<std::string> pointer_tokens(const JsonPointer& where) {
    std::vector<std::string> tokens;
    JsonPointer p = where;
    while (!p.empty()) {
        tokens.push_back(p.back());
        p.pop_back();
    }
    std::reverse(tokens.begin(), tokens.end());
    return tokens;
}

std::size_t line_at_offset(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

bool is_identifier(const std::string& key) {
    if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

}  // namespace

std::string json_path_key(const std::string& path, const std::string& key) {
    // JSONPath-like, as a reader writes it: layers[2].ifmap_h, base.set["org.channels"].
    if (is_identifier(key)) return path + (path.empty() ? "" : ".") + key;
    return path + "[" + Json(key).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
}

std::string json_path_index(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

std::string json_path_string(const JsonPointer& where) {
    // A token of digits is an array index (an object key of digits reads the same, which is rare
    // here).
    std::string out;
    for (const auto& token : pointer_tokens(where)) {
        const bool index = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        out = index ? out + "[" + token + "]" : json_path_key(out, token);
    }
    return out.empty() ? std::string("(document)") : out;
}

namespace {

// A number beyond a double's range (1e400) is reported by nlohmann's DOM parser without its
// place. This second, event-only pass follows the path of each value so that the message names
// the number's JSON path and line, as every other field error does.
class OverflowLocator : public nlohmann::json_sax<Json> {
public:
    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& key) override {
        levels_.back().key = key;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        offset_ = position > 0 ? position - 1 : 0;
        for (const Level& level : levels_) where_ /= level.array ? std::to_string(level.index) : level.key;
        return false;
    }

    std::size_t offset() const { return offset_; }
    const JsonPointer& where() const { return where_; }

private:
    struct Level {
        bool array = false;
        std::size_t index = 0;  // of the element being read, in an array
        std::string key;        // of the member being read, in an object
    };
    bool value() {
        if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
        return true;
    }
    bool open(bool array) {
        levels_.push_back({array, 0, {}});
        return true;
    }
    bool close() {
        levels_.pop_back();
        return value();
    }

    std::vector<Level> levels_;
    std::size_t offset_ = 0;
    JsonPointer where_;
};

}  // namespace

JsonSource::JsonSource(std::string text, std::string origin, Json root)
    : text_(std::move(text)), origin_(std::move(origin)), root_(std::move(root)) {}

JsonSource JsonSource::from_file(const std::string& path) { return from_text(text::read_file(path), path); }

JsonSource JsonSource::from_text(std::string text, std::string origin) {
    try {
        Json root = Json::parse(text);
        return JsonSource(std::move(text), std::move(origin), std::move(root));
    } catch (const Json::parse_error& e) {
        // nlohmann counts the byte offset one past the offending character.
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        std::string what = e.what();
        const auto colon = what.find("syntax error");
        if (colon != std::string::npos) what = what.substr(colon);
        throw InputError(origin, line_at_offset(text, offset), "", "invalid JSON: " + what);
    } catch (const Json::out_of_range&) {
        OverflowLocator locator;
        (void)Json::sax_parse(text, &locator);
        throw InputError(origin, line_at_offset(text, locator.offset()), json_path_string(locator.where()),
                         "a number out of range (beyond what a double holds)");
    } catch (const Json::exception& e) {
        throw InputError(origin, 0, "", std::string("invalid JSON: ") + e.what());
    }
}

std::string value_text(const Json& value) { return text::quote(json_text(value)); }

std::size_t JsonSource::line_of(const JsonPointer& where) const {
    return LineLocator(text_, pointer_tokens(where)).find();
}

void JsonSource::fail(const JsonPointer& where, const std::string& message) const {
    throw InputError(origin_, line_of(where), json_path_string(where), message);
}

const Json& JsonSource::required(const JsonPointer& where) const {
    if (!root_.contains(where)) {
        // Point at the enclosing object, which is where the key should have been.
        JsonPointer parent = where.empty() ? where : where.parent_pointer();
        throw InputError(origin_, line_of(parent), json_path_string(where), "required field is missing");
    }
    return root_.at(where);
}

std::int64_t JsonSource::required_int(const JsonPointer& where) const {
    const Json& v = required(where);
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(where, "integer out of range, got " + value_text(v));
        return static_cast<std::int64_t>(v.get<std::uint64_t>());
    }
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) {
        // Integral floats such as 64.0 count; the bound keeps the conversion defined.
        const double d = v.get<double>();
        if (std::fabs(d) < 9.0e18 && d == std::floor(d)) return static_cast<std::int64_t>(d);
        if (d == std::floor(d)) fail(where, "integer out of range, got " + value_text(v));
    }
    fail(where, "expected an integer, got " + value_text(v));
}

std::optional<std::int64_t> JsonSource::optional_int(const JsonPointer& where) const {
    if (!root_.contains(where)) return std::nullopt;
    return required_int(where);
}

double JsonSource::required_number(const JsonPointer& where) const {
    const Json& v = required(where);
    if (!v.is_number()) fail(where, "expected a number, got " + value_text(v));
    return v.get<double>();
}

std::optional<double> JsonSource::optional_number(const JsonPointer& where) const {
    if (!root_.contains(where)) return std::nullopt;
    return required_number(where);
}

std::string JsonSource::required_string(const JsonPointer& where) const {
    const Json& v = required(where);
    if (!v.is_string()) fail(where, "expected a string, got " + value_text(v));
    return v.get<std::string>();
}

std::optional<std::string> JsonSource::optional_string(const JsonPointer& where) const {
    if (!root_.contains(where)) return std::nullopt;
    return required_string(where);
}

std::optional<bool> JsonSource::optional_bool(const JsonPointer& where) const {
    if (!root_.contains(where)) return std::nullopt;
    const Json& v = root_.at(where);
    if (!v.is_boolean()) fail(where, "expected true or false, got " + value_text(v));
    return v.get<bool>();
}

void JsonSource::reject_unknown_keys(const JsonPointer& where, std::initializer_list<const char*> allowed) const {
    const Json& object = required(where);
    if (!object.is_object()) fail(where, "expected an object");
    for (const auto& item : object.items()) {
        const bool known = std::any_of(allowed.begin(), allowed.end(),
                                       [&](const char* key) { return item.key() == key; });
        if (!known) fail(where / item.key(), "unknown field");
    }
}

}  // namespace dramsweep
