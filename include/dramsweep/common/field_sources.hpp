#pragma once
// Where each field of a configuration got its value (a file and line, or an option), so that a
// check that fails later names the field the user set and where they set it. Kept apart from
// field_table.hpp so that configuration structs can hold it without pulling in JSON.

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>

namespace dramsweep {

// Where a configuration field got its value.
struct ValueSource {
    std::string file;       // the file, or the option ("--set", "--accel-set")
    std::size_t line = 0;   // 0: no line (an option, a default)
    std::string name;       // the field as written there: "ArrayHeight" in a .cfg, "timing.tRAS"
    std::size_t order = 0;  // 0: the configuration's own file; larger: set later, by an override
};

// The sources of one configuration's fields. A check that involves several fields blames the one
// the user set last (`blame`): an override of org.ranks, not the preset's org.banks_per_group.
class FieldSources {
public:
    // A value read from the configuration's own file (order 0).
    void record_base(const std::string& key, ValueSource source);
    // A value set over the file (an override): later settings get larger orders.
    void record_override(const std::string& key, ValueSource source);
    const ValueSource* find(const std::string& key) const;

    // Of `keys` (the fields a check involves, the one most at fault first), the one set last;
    // the first when none was set over the file.
    std::string blame(std::initializer_list<std::string> keys) const;
    // Throws InputError at the source of `key` (named as the user wrote it), or at `origin`
    // (line 0, the key as is) when the field kept its default.
    [[noreturn]] void fail(const std::string& key, const std::string& origin, const std::string& message) const;

private:
    std::map<std::string, ValueSource> sources_;
    std::size_t next_order_ = 1;
};

}  // namespace dramsweep
