#pragma once
// The fields of a configuration type declared once, as a table: each field's key, its type (from
// the member it names), its default, whether a file must give it, and the values it may take.
// Every way of setting a field goes through the table: a JSON document, a "key=value" override
// (`--set`, `--accel-set`, a sweep's settings, `serve`'s `*_set`), a SCALE-Sim .cfg key. So each
// accepts exactly the same keys with the same checks, and each records where the value came
// from (FieldSources) so that a later check names the field the user set, where they set it.
//
//     FieldTable<DramConfig> t;
//     t.add("org.channels", [](DramConfig& c) -> auto& { return c.org.channels; })
//         .required().at_most(1024, "more channels than dramsweep simulates");
//     t.add("controller.read_queue", [](DramConfig& c) -> auto& { return c.controller.read_queue; })
//         .default_value(32).at_least(1);
//
// A field's type decides what it accepts: unsigned and signed integers (a JSON integer, or a
// float with an integral value such as 64.0, or text that parses as one), finite numbers, text,
// true/false, one of a list of names (enums, `.choices()`), or a list of integers.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dramsweep/common/field_sources.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

// Thrown by a field's setter when a value does not fit the field; the caller adds the location.
class FieldValueError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

enum class FieldKind { kUnsigned, kInteger, kNumber, kText, kBool, kChoice, kIntegerList };

namespace detail {

inline std::string number_text(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) return std::to_string(static_cast<std::int64_t>(v));
    return Json(v).dump();
}

}  // namespace detail

template <typename Config, typename Meta = std::nullptr_t>
class FieldTable {
public:
    class Field {
    public:
        const std::string& key() const { return key_; }
        FieldKind kind() const { return kind_; }
        bool is_required() const { return required_; }
        const std::string& required_hint() const { return required_hint_; }
        const std::vector<std::string>& covers() const { return covers_; }
        const std::optional<Meta>& meta() const { return meta_; }

        // A file of this type must give the field (`hint`, when given, ends the message).
        Field& required(std::string hint = "") {
            required_ = true;
            required_hint_ = std::move(hint);
            return *this;
        }
        // The value a configuration starts with (otherwise: a default-constructed Config's).
        Field& default_value(Json value) {
            default_ = std::move(value);
            return *this;
        }
        // Bounds of integers and numbers, inclusive; `why` explains a bound in the message.
        Field& at_least(double bound, std::string why = "") {
            min_ = bound;
            min_why_ = std::move(why);
            return *this;
        }
        Field& at_most(double bound, std::string why = "") {
            max_ = bound;
            max_why_ = std::move(why);
            return *this;
        }
        // The names an enum field takes (compared ignoring case).
        template <typename Enum>
        Field& choices(std::initializer_list<std::pair<const char*, Enum>> names) {
            choices_.clear();
            for (const auto& [name, value] : names) choices_.emplace_back(name, static_cast<long long>(value));
            return *this;
        }
        // Setting this key also sets these to the same value (an alias that writes several
        // fields, such as timing.tRCD for tRCD_RD and tRCD_WR): they count as given.
        Field& also_sets(std::vector<std::string> keys) {
            sets_too_ = keys;
            covers_ = std::move(keys);
            return *this;
        }
        // Giving this key counts as giving these, which its own setter fills in (another
        // spelling: buffer_kb for buffer_bytes).
        Field& stands_for(std::vector<std::string> keys) {
            covers_ = std::move(keys);
            return *this;
        }
        // Extra, format-specific facts about the field (a .cfg name, for instance).
        Field& with(Meta meta) {
            meta_ = std::move(meta);
            return *this;
        }

        // Sets the field from a JSON value; throws FieldValueError naming what is wrong.
        void set(Config& config, const Json& value) const { setter_(config, checked(value)); }
        // A value given as text ("64", "ws", "true", "4,4"), as overrides and .cfg files give it,
        // as the JSON value of the field's kind; throws FieldValueError.
        Json parse_text(std::string_view raw) const { return parse_text_impl(raw); }
        // The field's value as JSON (a choice field's as its name).
        Json get(const Config& config) const {
            Json v = getter_(config);
            if (kind_ == FieldKind::kChoice)
                for (const auto& [choice, value] : choices_)
                    if (v.get<long long>() == value) return Json(choice);
            return v;
        }
        // The names of a choice field, "os, ws or is", for messages.
        std::string choice_list() const {
            // One name per value: an alias ("fr-fcfs" for "frfcfs") is accepted, not listed.
            std::vector<std::string> names;
            for (std::size_t i = 0; i < choices_.size(); ++i) {
                bool alias = false;
                for (std::size_t j = 0; j < i; ++j) alias = alias || choices_[j].second == choices_[i].second;
                if (!alias) names.push_back(choices_[i].first);
            }
            std::string out;
            for (std::size_t i = 0; i < names.size(); ++i)
                out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
            return out;
        }

    private:
        friend class FieldTable;

        // The JSON value converted to the field's kind and checked against its bounds.
        Json checked(const Json& v) const {
            switch (kind_) {
                case FieldKind::kUnsigned:
                case FieldKind::kInteger: return Json(bounded(integer_of(v)));
                case FieldKind::kNumber: {
                    if (!v.is_number()) throw FieldValueError("expected a number, got " + value_text(v));
                    const double d = v.get<double>();
                    if (!std::isfinite(d)) throw FieldValueError("expected a finite number");
                    check_bounds(d);
                    return Json(d);
                }
                case FieldKind::kText:
                    if (!v.is_string()) throw FieldValueError("expected text, got " + value_text(v));
                    return v;
                case FieldKind::kBool:
                    if (!v.is_boolean()) throw FieldValueError("expected true or false, got " + value_text(v));
                    return v;
                case FieldKind::kChoice: {
                    if (!v.is_string()) throw FieldValueError("expected " + choice_list() + ", got " + value_text(v));
                    const std::string name = text::to_lower(text::trim(v.get<std::string>()));
                    for (const auto& [choice, value] : choices_)
                        if (name == choice) return Json(value);
                    throw FieldValueError("expected " + choice_list() + ", got " + text::quote(v.get<std::string>()));
                }
                case FieldKind::kIntegerList: {
                    Json list = Json::array();
                    if (!v.is_array()) {
                        list.push_back(bounded(integer_of(v)));
                        return list;
                    }
                    if (v.empty()) throw FieldValueError("expected at least one value");
                    for (const Json& item : v) list.push_back(bounded(integer_of(item)));
                    return list;
                }
            }
            throw FieldValueError("unknown field kind");
        }

        static std::int64_t integer_of(const Json& v) {
            if (v.is_number_unsigned()) {
                if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                    throw FieldValueError("integer out of range, got " + value_text(v));
                return static_cast<std::int64_t>(v.get<std::uint64_t>());
            }
            if (v.is_number_integer()) return v.get<std::int64_t>();
            if (v.is_number_float()) {
                const double d = v.get<double>();
                if (d == std::floor(d) && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
                if (d == std::floor(d)) throw FieldValueError("integer out of range, got " + value_text(v));
            }
            throw FieldValueError("expected an integer, got " + value_text(v));
        }

        std::int64_t bounded(std::int64_t v) const {
            if (kind_ == FieldKind::kUnsigned && v < 0)
                throw FieldValueError("expected a non-negative integer, got " + std::to_string(v));
            check_bounds(static_cast<double>(v));
            return v;
        }

        void check_bounds(double v) const {
            auto explain = [](const std::string& why) { return why.empty() ? std::string() : " (" + why + ")"; };
            if (min_ && v < *min_)
                throw FieldValueError("must be at least " + detail::number_text(*min_) + explain(min_why_) + ", got " +
                                      detail::number_text(v));
            if (max_ && v > *max_)
                throw FieldValueError("must be at most " + detail::number_text(*max_) + explain(max_why_) + ", got " +
                                      detail::number_text(v));
        }

        Json parse_text_impl(std::string_view raw_in) const {
            const std::string_view raw = text::trim(raw_in);
            const text::Location nowhere{};
            try {
                switch (kind_) {
                    case FieldKind::kUnsigned:
                    case FieldKind::kInteger: return Json(text::parse_int(raw, nowhere, key_));
                    case FieldKind::kNumber: return Json(text::parse_double(raw, nowhere, key_));
                    case FieldKind::kBool:
                        if (raw == "true" || raw == "1") return Json(true);
                        if (raw == "false" || raw == "0") return Json(false);
                        throw FieldValueError("expected true or false, got " + text::quote(raw));
                    case FieldKind::kText:
                    case FieldKind::kChoice: return Json(std::string(raw));
                    case FieldKind::kIntegerList: {
                        std::string_view items = raw;
                        if (items.size() >= 2 && items.front() == '[' && items.back() == ']')
                            items = items.substr(1, items.size() - 2);
                        Json list = Json::array();
                        for (const std::string& piece : text::split(items, ','))
                            list.push_back(text::parse_int(piece, nowhere, key_));
                        return list;
                    }
                }
            } catch (const InputError& e) {
                throw FieldValueError(e.message());
            }
            throw FieldValueError("unknown field kind");
        }

        std::string key_;
        FieldKind kind_ = FieldKind::kText;
        std::function<void(Config&, const Json&)> setter_;
        std::function<Json(const Config&)> getter_;
        bool required_ = false;
        std::string required_hint_;
        std::optional<Json> default_;
        std::optional<double> min_, max_;
        std::string min_why_, max_why_;
        std::vector<std::pair<std::string, long long>> choices_;
        std::vector<std::string> covers_;    // count as given when this key is
        std::vector<std::string> sets_too_;  // set to this key's value
        std::optional<Meta> meta_;
    };

    // Declares a field; `access` returns a reference to the member (`-> auto&`), whose type
    // decides the field's kind.
    template <typename Access>
    Field& add(std::string key, Access access) {
        using T = std::remove_cvref_t<std::invoke_result_t<Access, Config&>>;
        Field field;
        field.key_ = std::move(key);
        field.kind_ = kind_of<T>();
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            field.min_ = static_cast<double>(std::numeric_limits<T>::min());
            field.max_ = static_cast<double>(std::numeric_limits<T>::max());
        }
        field.setter_ = [access](Config& c, const Json& v) { assign(access(c), v); };
        field.getter_ = [access](const Config& c) { return value_of(access(const_cast<Config&>(c))); };
        fields_.push_back(std::move(field));
        return fields_.back();
    }

    // Declares a field whose value needs its own conversion ("4x4" into two members, a name into a
    // flag): the value is checked against `kind` (and the bounds), then given to `set`, which may
    // throw FieldValueError; `get` writes it back in the same form.
    Field& add_custom(std::string key, FieldKind kind, std::function<void(Config&, const Json&)> set,
                      std::function<Json(const Config&)> get) {
        Field field;
        field.key_ = std::move(key);
        field.kind_ = kind;
        field.setter_ = std::move(set);
        field.getter_ = std::move(get);
        fields_.push_back(std::move(field));
        return fields_.back();
    }

    const std::vector<Field>& fields() const { return fields_; }
    const Field* find(std::string_view key) const {
        for (const Field& f : fields_)
            if (f.key_ == key) return &f;
        return nullptr;
    }
    // "a, b or c": every key, for messages about an unknown one.
    std::string key_list() const {
        std::string out;
        for (std::size_t i = 0; i < fields_.size(); ++i) out += (i == 0 ? "" : ", ") + fields_[i].key_;
        return out;
    }

    // Sets a field, and the fields it also sets, to `value`; throws FieldValueError.
    void set(Config& config, const Field& field, const Json& value) const {
        field.set(config, value);
        for (const std::string& key : field.sets_too_)
            if (const Field* other = find(key)) other->set(config, value);
    }

    // Checks every field's current value against its kind and bounds (for configurations built
    // in code rather than read); `fail(field, message)` reports the first that does not hold.
    template <typename Fail>
    void check_values(const Config& config, Fail fail) const {
        for (const Field& f : fields_) {
            try {
                (void)f.checked(f.get(config));
            } catch (const FieldValueError& e) {
                fail(f, e.what());
            }
        }
    }

    // Applies every declared default.
    void apply_defaults(Config& config) const {
        for (const Field& f : fields_)
            if (f.default_) set(config, f, *f.default_);
    }

    // The first required field that neither `given` holds nor a given field covers, or null.
    template <typename Given>
    const Field* first_missing(const Given& given) const {
        auto is_given = [&](const std::string& key) {
            if (given.count(key)) return true;
            for (const Field& f : fields_)
                if (given.count(f.key_) && std::find(f.covers_.begin(), f.covers_.end(), key) != f.covers_.end())
                    return true;
            return false;
        };
        for (const Field& f : fields_)
            if (f.required_ && !is_given(f.key_)) return &f;
        return nullptr;
    }

    // Sets every leaf of the JSON object `node` (at `where` in `src`): nested objects whose name
    // starts keys of the table ("timing" for "timing.tRCD") are groups, walked with the name and
    // a dot as prefix; any other key is an unknown field (`keys_hint` ends that message). Each
    // value's file and line are recorded as its source; `given` collects the keys set.
    template <typename Given>
    void load_json(const JsonSource& src, const Json& node, const JsonPointer& where, Config& config,
                   FieldSources& sources, Given& given, const std::string& keys_hint,
                   const std::string& prefix = "") const {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
            const JsonPointer child = where / it.key();
            const Field* field = find(key);
            if (!field && it.value().is_object() && is_group(key)) {
                load_json(src, it.value(), child, config, sources, given, keys_hint, key);
                continue;
            }
            if (!field) src.fail(child, "unknown field (" + keys_hint + ")");
            try {
                set(config, *field, it.value());
            } catch (const FieldValueError& e) {
                src.fail(child, e.what());
            }
            const ValueSource source{src.origin(), src.line_of(child), key, 0};
            sources.record_base(key, source);
            for (const std::string& covered : field->covers_) sources.record_base(covered, source);
            given.insert(key);
        }
    }

    // Applies one "key=value" override, recording `origin` (an option such as "--set", or a
    // file) as its source; errors name `origin` and the key (`keys_hint` ends the message about
    // an unknown key).
    void apply_assignment(Config& config, FieldSources& sources, std::string_view assignment,
                          const std::string& origin, const std::string& keys_hint, std::size_t line = 0) const {
        const auto eq = assignment.find('=');
        if (eq == std::string_view::npos)
            throw InputError(origin, line, text::quote(assignment), "expected key=value");
        const std::string key{text::trim(assignment.substr(0, eq))};
        const Field* field = find(key);
        if (!field) throw InputError(origin, line, key, "unknown field (" + keys_hint + ")");
        try {
            set(config, *field, field->parse_text(assignment.substr(eq + 1)));
        } catch (const FieldValueError& e) {
            throw InputError(origin, line, key, e.what());
        }
        sources.record_override(key, {origin, line, key, 0});
        for (const std::string& covered : field->covers_) sources.record_override(covered, {origin, line, key, 0});
    }

private:
    bool is_group(const std::string& prefix) const {
        for (const Field& f : fields_)
            if (f.key_.size() > prefix.size() && f.key_.compare(0, prefix.size(), prefix) == 0 &&
                f.key_[prefix.size()] == '.')
                return true;
        return false;
    }

    template <typename T>
    static constexpr FieldKind kind_of() {
        if constexpr (std::is_same_v<T, bool>) return FieldKind::kBool;
        else if constexpr (std::is_enum_v<T>) return FieldKind::kChoice;
        else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) return FieldKind::kUnsigned;
        else if constexpr (std::is_integral_v<T>) return FieldKind::kInteger;
        else if constexpr (std::is_floating_point_v<T>) return FieldKind::kNumber;
        else if constexpr (std::is_same_v<T, std::string>) return FieldKind::kText;
        else return FieldKind::kIntegerList;  // std::vector<std::int64_t>
    }

    template <typename T>
    static void assign(T& member, const Json& v) {
        if constexpr (std::is_same_v<T, bool>) member = v.get<bool>();
        else if constexpr (std::is_enum_v<T>) member = static_cast<T>(v.get<long long>());
        else if constexpr (std::is_integral_v<T>) member = static_cast<T>(v.get<std::int64_t>());
        else if constexpr (std::is_floating_point_v<T>) member = v.get<double>();
        else if constexpr (std::is_same_v<T, std::string>) member = v.get<std::string>();
        else member = v.get<std::vector<std::int64_t>>();
    }

    template <typename T>
    static Json value_of(const T& member) {
        if constexpr (std::is_enum_v<T>) return Json(static_cast<long long>(member));
        else return Json(member);
    }

    std::vector<Field> fields_;
};

}  // namespace dramsweep
