// FieldSources (field_sources.hpp): where each field of a configuration got its value.

#include "dramsweep/common/field_sources.hpp"

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {

void FieldSources::record_base(const std::string& key, ValueSource source) {
    source.order = 0;
    sources_[key] = std::move(source);
}

void FieldSources::record_override(const std::string& key, ValueSource source) {
    source.order = next_order_++;
    sources_[key] = std::move(source);
}

const ValueSource* FieldSources::find(const std::string& key) const {
    const auto it = sources_.find(key);
    return it == sources_.end() ? nullptr : &it->second;
}

std::string FieldSources::blame(std::initializer_list<std::string> keys) const {
    std::string chosen = *keys.begin();
    std::size_t chosen_order = 0;
    for (const std::string& key : keys) {
        const ValueSource* s = find(key);
        if (s && s->order > chosen_order) {
            chosen = key;
            chosen_order = s->order;
        }
    }
    return chosen;
}

void FieldSources::fail(const std::string& key, const std::string& origin, const std::string& message) const {
    if (const ValueSource* s = find(key)) throw InputError(s->file, s->line, s->name.empty() ? key : s->name, message);
    throw InputError(origin, 0, key, message);
}

}  // namespace dramsweep
