// dramsweep._native: the library's entry points for Python (entry_points.hpp). Arguments are
// converted to JSON with the GIL held, the engine runs with the GIL released, and InputError
// becomes dramsweep.InputError (a ValueError) carrying .file, .line and .field. The Python API
// users call, with its defaults and documentation, is python/dramsweep/__init__.py.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/sweep/runner.hpp"
#include "entry_points.hpp"
#include "json_convert.hpp"

namespace py = pybind11;
using namespace dramsweep;
using namespace dramsweep::python;

namespace {

// Created once and kept for the life of the process (never released: the translator may run
// until the interpreter ends).
PyObject* input_error_type = nullptr;

// Calls `f` without the GIL: what it touches is C++ only.
template <typename F>
auto without_gil(F&& f) {
    py::gil_scoped_release release;
    return f();
}

py::list rows_to_python(const std::vector<Row>& rows) {
    py::list out;
    for (const Row& row : rows) out.append(to_python(row));
    return out;
}

std::optional<std::uint64_t> validate_count(py::handle validate) {
    if (validate.is_none()) return std::nullopt;
    if (py::isinstance<py::str>(validate) && validate.cast<std::string>() == "all")
        return sweep::kValidateAll;
    if (!py::isinstance<py::int_>(validate) || validate.cast<long long>() < 1)
        throw InputError("sweep()", 0, "validate", "expected a count of at least 1, or \"all\"");
    return validate.cast<std::uint64_t>();
}

SweepCall sweep_call(const std::string& backend, unsigned threads, py::handle validate) {
    SweepCall call;
    call.backend = backend;
    call.threads = threads;
    call.validate = validate_count(validate);
    return call;
}

std::vector<dram::TraceRequest> trace_requests(py::handle sequence) {
    std::vector<dram::TraceRequest> out;
    std::size_t i = 0;
    for (const py::handle item : sequence) {
        const std::string where = "trace[" + std::to_string(i++) + "]";
        if (!py::isinstance<py::sequence>(item) || py::isinstance<py::str>(item) || py::len(item) != 2)
            throw InputError("trace()", 0, where, "expected a pair (address, 'R' or 'W')");
        const py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
        const nlohmann::json address = to_json(pair[0], json_path_index(where, 0));
        if (!address.is_number_integer() || address.get<std::int64_t>() < 0)
            throw InputError("trace()", 0, where, "the address must be a non-negative integer");
        const py::object op = pair[1];
        bool is_write = false;
        if (py::isinstance<py::bool_>(op)) {
            is_write = op.cast<bool>();
        } else if (py::isinstance<py::str>(op) &&
                   (op.cast<std::string>() == "R" || op.cast<std::string>() == "W")) {
            is_write = op.cast<std::string>() == "W";
        } else {
            throw InputError("trace()", 0, where, "the operation must be 'R', 'W' or a bool (True: write)");
        }
        out.push_back({address.get<std::uint64_t>(), is_write});
    }
    return out;
}

}  // namespace

PYBIND11_MODULE(_native, m) {
    m.doc() = "dramsweep's native module; use the dramsweep package (docs/python.md)";
    input_error_type = PyErr_NewExceptionWithDoc(
        "dramsweep.InputError",
        "Bad input: a file, dict or value the library cannot use. .file, .line (0: no line) and .field "
        "say where, as the command line's messages do.",
        PyExc_ValueError, nullptr);
    m.add_object("InputError", py::handle(input_error_type));
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputError& e) {
            py::object error = py::reinterpret_borrow<py::object>(input_error_type)(e.what());
            error.attr("file") = e.file();
            error.attr("line") = e.line();
            error.attr("field") = e.field();
            PyErr_SetObject(input_error_type, error.ptr());
        }
    });

    m.def("run", [](py::handle request) {
        const Json j = to_json(request, "");
        return to_python(without_gil([&] { return run_network(j); }));
    });
    m.def("sweep_spec",
          [](py::handle spec, const std::string& backend, unsigned threads, py::handle validate) {
              const Json j = to_json(spec, "");
              const SweepCall call = sweep_call(backend, threads, validate);
              return rows_to_python(without_gil([&] { return sweep_spec(j, call); }));
          });
    m.def("sweep_configs",
          [](py::handle configs, const std::string& backend, unsigned threads, py::handle validate) {
              std::vector<Json> list;
              std::size_t i = 0;
              for (const py::handle config : configs)
                  list.push_back(to_json(config, "configs[" + std::to_string(i++) + "]"));
              const SweepCall call = sweep_call(backend, threads, validate);
              return rows_to_python(without_gil([&] { return sweep_configs(list, call); }));
          });
    m.def("trace", [](py::handle dram, py::handle trace, py::handle generate, std::size_t limit,
                      std::uint64_t max_outstanding) {
        const Json j = to_json(dram, "");
        TraceCall call;
        if (py::isinstance<py::str>(trace))
            call.path = trace.cast<std::string>();
        else if (!trace.is_none())
            call.requests = trace_requests(trace);
        if (!generate.is_none()) call.generate = generate.cast<std::string>();
        call.limit = limit;
        call.max_outstanding = max_outstanding;
        return to_python(without_gil([&] { return run_trace(j, call); }));
    });
    m.def("pim_evaluate", [](py::handle request) {
        const Json j = to_json(request, "");
        return to_python(without_gil([&] { return pim_evaluate(j); }));
    });
    m.def("load_dram", [](py::handle dram) {
        const Json j = to_json(dram, "");
        return to_python(without_gil([&] { return load_dram(j); }));
    });
    m.def("load_accel", [](py::handle accel) {
        const Json j = to_json(accel, "");
        return to_python(without_gil([&] { return load_accel(j); }));
    });
    m.def("load_topology", [](py::handle topology) {
        const Json j = to_json(topology, "");
        return to_python(without_gil([&] { return load_topology(j); }));
    });
}
