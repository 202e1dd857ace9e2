#include "sim/outcome.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace wsdup::sim {

void AbortOnValueOfFailedCall(WsaError error) {
  std::fprintf(stderr, "wsdup::sim: the value of a call that failed with %s was read; check ok() first\n",
               std::string(WsaErrorName(error)).c_str());
  std::abort();
}

}  // namespace wsdup::sim
