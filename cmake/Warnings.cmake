# Project-wide warning and sanitizer flags, applied through an interface target so that
# third-party code (GoogleTest, CLI11) is not compiled with them.
add_library(dramsweep_flags INTERFACE)
target_compile_options(dramsweep_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${DRAMSWEEP_WERROR}>>:-Werror>
  $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra>
  $<$<AND:$<COMPILE_LANGUAGE:CUDA>,$<BOOL:${DRAMSWEEP_WERROR}>>:-Werror=all-warnings>)

# DRAMSWEEP_SANITIZE: OFF, ON or "address" (AddressSanitizer + UndefinedBehaviorSanitizer), or
# "thread" (ThreadSanitizer, for the emulated device's race checks).
if(DRAMSWEEP_SANITIZE STREQUAL "thread")
  target_compile_options(dramsweep_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=thread -Wno-maybe-uninitialized>)
  target_link_options(dramsweep_flags INTERFACE -fsanitize=thread)
elseif(DRAMSWEEP_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # GCC documents that the sanitizers' instrumentation makes -Wmaybe-uninitialized report false
  # positives (seen in libstdc++'s <regex>); the Release build keeps the warning.
  target_compile_options(dramsweep_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:${_san} -Wno-maybe-uninitialized>)
  target_link_options(dramsweep_flags INTERFACE ${_san})
endif()
