// The one interface every stack implements: the model, and (through agents) real Winsock stacks.
// Names stay symbolic on both sides of it; real handle values, pids and blob bytes never cross.
#ifndef WSDUP_CONFORMANCE_RUN_BACKEND_H_
#define WSDUP_CONFORMANCE_RUN_BACKEND_H_

#include <string>
#include <string_view>
#include <vector>

#include "conformance/format/observation.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance {

class Backend {
 public:
  virtual ~Backend() = default;

  // "model", "winsock (wine-8.0)", ...
  virtual std::string Name() const = 0;
  // Ops this backend cannot perform make a scenario `unsupported` on it; never faked.
  virtual bool Supports(std::string_view op) const = 0;
  // Whether it can run a scenario through a chain of layered providers (Scenario::chain,
  // docs/spi.md): only the model, which installs the chain in its own catalog. Elsewhere such a
  // scenario is `unsupported`.
  virtual bool SupportsChains() const { return false; }
  // Fresh processes, sockets and names for each scenario.
  virtual void BeginScenario(const Scenario& scenario) = 0;
  virtual Observation Execute(const Step& step) = 0;
  // Problems found after the last step (for the model: broken invariants). Empty when none.
  virtual std::vector<std::string> EndScenario() = 0;
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_RUN_BACKEND_H_
