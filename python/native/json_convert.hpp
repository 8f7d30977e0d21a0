#pragma once
// Python values to JSON and back: the module's arguments become the JSON documents the library
// reads (so a dict takes exactly the keys of docs/formats.md), and its results come back as
// dicts, lists, numbers and strings. Needs the GIL.

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>
#include <string>

namespace dramsweep::python {

// dict -> object (string keys), list/tuple -> array, str, bool, int, float, None -> null;
// also numpy scalars and arrays (through __index__, __float__ and tolist) and path-like objects
// (os.fspath). Anything else raises TypeError naming `where` (e.g. "accel.array_rows").
nlohmann::json to_json(pybind11::handle value, const std::string& where);

pybind11::object to_python(const nlohmann::ordered_json& value);
pybind11::object to_python(const nlohmann::json& value);

}  // namespace dramsweep::python
