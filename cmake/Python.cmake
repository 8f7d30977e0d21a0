# Decide whether the Python module is built. AUTO builds it when pybind11 and the headers of the
# interpreter are found; the interpreter alone is enough for the Python tools that the CLI runs
# (`dramsweep import-onnx`, `dramsweep plot`) and for the Python tests.
set(DRAMSWEEP_WITH_PYTHON OFF)
# Debian installs numpy, onnx and matplotlib for /usr/bin/python3: prefer it over another
# python3 on PATH (pyenv, a virtualenv) unless the user names one with -DPython3_EXECUTABLE.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python3 COMPONENTS Interpreter)
set(_why "")
if(DRAMSWEEP_PYTHON STREQUAL "OFF")
  set(_why " (DRAMSWEEP_PYTHON=OFF)")
elseif(DRAMSWEEP_SANITIZE)
  # An instrumented module cannot load into an interpreter that was not started with the
  # sanitizer runtimes; the sanitizer build checks the library through the unit tests.
  set(_why " (not with DRAMSWEEP_SANITIZE)")
elseif(NOT Python3_Interpreter_FOUND)
  set(_why " (no python3)")
else()
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG QUIET)
  if(NOT Python3_Development.Module_FOUND)
    set(_why " (no Python headers: apt-get install python3-dev)")
  elseif(NOT pybind11_FOUND)
    set(_why " (no pybind11: apt-get install pybind11-dev)")
  else()
    set(DRAMSWEEP_WITH_PYTHON ON)
  endif()
endif()
if(DRAMSWEEP_PYTHON STREQUAL "ON" AND NOT DRAMSWEEP_WITH_PYTHON)
  message(FATAL_ERROR "DRAMSWEEP_PYTHON=ON but the module cannot be built${_why}")
endif()
message(STATUS "dramsweep: Python module ${DRAMSWEEP_WITH_PYTHON}${_why}")
