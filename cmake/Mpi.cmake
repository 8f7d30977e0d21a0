# MPI (OpenMPI from Debian: libopenmpi-dev, openmpi-bin): `mpirun -n N dramsweep sweep` hands
# the sweep's batches to N-1 worker ranks (docs/scale-out.md). Without it dramsweep builds all
# the same and refuses to run a sweep under mpirun.
# The C API, from C++ (the project enables no C language; the MPI C++ bindings are not used).
set(MPI_CXX_SKIP_MPICXX ON)
find_package(MPI COMPONENTS CXX)
if(MPI_CXX_FOUND AND MPIEXEC_EXECUTABLE)
  set(DRAMSWEEP_WITH_MPI ON)
  message(STATUS "MPI ${MPI_CXX_VERSION} (${MPIEXEC_EXECUTABLE}): `mpirun -n N dramsweep sweep` distributes sweeps")
else()
  set(DRAMSWEEP_WITH_MPI OFF)
  message(STATUS "MPI: not found (install libopenmpi-dev openmpi-bin): sweeps run in one process or as --shard I/N, the MPI tests are skipped")
endif()
