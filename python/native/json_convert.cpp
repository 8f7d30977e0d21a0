#include "json_convert.hpp"

#include <cmath>

#include "dramsweep/common/json_source.hpp"

namespace dramsweep::python {
namespace py = pybind11;

namespace {

nlohmann::json integer_json(py::handle value, const std::string& where) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow == 0 && !(v == -1 && PyErr_Occurred())) return static_cast<std::int64_t>(v);
    PyErr_Clear();
    if (overflow > 0) {
        const unsigned long long u = PyLong_AsUnsignedLongLong(value.ptr());
        if (!PyErr_Occurred()) return static_cast<std::uint64_t>(u);
        PyErr_Clear();
    }
    throw py::value_error("'" + where + "': integer out of the 64-bit range");
}

template <typename Json>
py::object to_python_impl(const Json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            py::dict d;
            for (auto it = value.begin(); it != value.end(); ++it)
                d[py::str(it.key())] = to_python_impl(it.value());
            return d;
        }
        case nlohmann::json::value_t::array: {
            py::list l;
            for (const auto& item : value) l.append(to_python_impl(item));
            return l;
        }
        case nlohmann::json::value_t::string:
            return py::str(value.template get_ref<const std::string&>());
        case nlohmann::json::value_t::boolean:
            return py::bool_(value.template get<bool>());
        case nlohmann::json::value_t::number_integer:
            return py::int_(value.template get<std::int64_t>());
        case nlohmann::json::value_t::number_unsigned:
            return py::int_(value.template get<std::uint64_t>());
        case nlohmann::json::value_t::number_float:
            return py::float_(value.template get<double>());
        default:
            return py::none();
    }
}

}  // namespace

nlohmann::json to_json(py::handle value, const std::string& where) {
    if (value.is_none()) return nullptr;
    if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
    if (py::isinstance<py::int_>(value)) return integer_json(value, where);
    if (py::isinstance<py::float_>(value)) return value.cast<double>();
    if (py::isinstance<py::str>(value)) return value.cast<std::string>();
    if (py::isinstance<py::dict>(value)) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [key, item] : value.cast<py::dict>()) {
            if (!py::isinstance<py::str>(key))
                throw py::type_error("'" + where + "': keys must be strings, got " +
                                     std::string(py::repr(key)));
            const std::string k = key.cast<std::string>();
            out[k] = to_json(item, json_path_key(where, k));
        }
        return out;
    }
    if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
        nlohmann::json out = nlohmann::json::array();
        std::size_t i = 0;
        for (const auto& item : value) out.push_back(to_json(item, json_path_index(where, i++)));
        return out;
    }
    if (py::hasattr(value, "__fspath__"))
        return to_json(py::module_::import("os").attr("fspath")(value), where);
    // numpy: a bool_ knows no __index__, an array has tolist(), integers and floats convert.
    if (py::hasattr(value, "dtype") && py::hasattr(value, "tolist"))
        return to_json(value.attr("tolist")(), where);
    if (PyIndex_Check(value.ptr())) {
        const py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
        if (!index) throw py::error_already_set();
        return integer_json(index, where);
    }
    if (py::hasattr(value, "__float__")) return py::float_(value.attr("__float__")()).cast<double>();
    throw py::type_error("'" + (where.empty() ? std::string("value") : where) +
                         "': cannot be written as JSON: " + std::string(py::repr(value)));
}

py::object to_python(const nlohmann::ordered_json& value) {
    return to_python_impl(value);
}
py::object to_python(const nlohmann::json& value) {
    return to_python_impl(value);
}

}  // namespace dramsweep::python
