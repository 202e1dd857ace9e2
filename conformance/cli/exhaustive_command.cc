// `wsdup explore --exhaustive`: every sequence up to a depth over a small alphabet, on the model,
// with equivalent states merged (conformance/explore/exhaustive.h). Stdout is a function of the
// options; timing and states per second go to stderr.
#include <chrono>
#include <iostream>
#include <sstream>

#include "conformance/cli/cli_common.h"
#include "conformance/cli/commands.h"
#include "conformance/cli/model_coverage.h"
#include "conformance/explore/exhaustive.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance::cli {
namespace {

using explore::ExhaustiveOptions;
using explore::ExhaustiveTally;

// Depth 8 over the core alphabet is already hours; a bound keeps a typo from meaning a week.
constexpr long kMaxDepth = 12;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  return parts;
}

std::string ParseExhaustiveOptions(const std::vector<std::string>& raw, ExhaustiveOptions* options,
                                   std::vector<std::string>* op_names) {
  Arguments args(raw);
  std::string error, value;
  const auto number = [&](const char* name, long low, long high, size_t* target) {
    return args.Number(name, low, high, target, &error);
  };
  while (!args.Done() && error.empty()) {
    if (args.Flag("--exhaustive")) {
    } else if (number("--depth", 1, kMaxDepth, &options->depth)) {
    } else if (number("--procs", 1, 4, &options->procs)) {
    } else if (number("--descriptors", 0, 9, &options->descriptors)) {
    } else if (number("--blobs", 0, 9, &options->blobs)) {
    } else if (number("--peers", 0, 9, &options->peers)) {
    } else if (args.Value("--ops", &value, &error)) {
      if (error.empty()) *op_names = SplitCommas(value);
    } else if (args.Value("--backend", &value, &error)) {
      if (error.empty() && value != "model") error = "--exhaustive explores the model only, not --backend=" + value;
    } else {
      error = "unknown argument " + args.Peek() + " (with --exhaustive: --depth, --procs, --descriptors, --blobs, "
              "--peers, --ops)";
    }
  }
  if (!error.empty()) return error;
  if (op_names->empty()) {
    for (std::string_view op : explore::CoreExhaustiveOps()) op_names->emplace_back(op);
  }
  for (const std::string& name : *op_names) {
    const vocabulary::OpSpec* op = vocabulary::FindOp(name);
    if (!op) return "--ops: no op \"" + Printable(name, 100) + "\" in the op table";
    // An exhaustive run names no addresses and makes no processes beyond --procs, so such an op
    // would silently contribute nothing (docs/exploration.md).
    // Nor completion ports and overlapped operations, whose state the canonical encoding leaves out.
    if (op->binds == vocabulary::Binds::kPort) {
      return "--ops: op \"" + name + "\" has no step in an exhaustive run: it makes a completion port, which "
             "exhaustive runs do not name";
    }
    for (const vocabulary::ArgSpec& arg : op->args) {
      const char* what = arg.kind == vocabulary::ArgKind::kAddress ? "an address"
                         : arg.kind == vocabulary::ArgKind::kNewProc ? "a new process"
                         : arg.kind == vocabulary::ArgKind::kPort    ? "a completion port"
                         : arg.kind == vocabulary::ArgKind::kAsync   ? "an overlapped operation"
                         : arg.kind == vocabulary::ArgKind::kNewDgramPeer || arg.kind == vocabulary::ArgKind::kDgramPeer
                             ? "a datagram peer"
                                                                     : nullptr;
      if (arg.required && what != nullptr) {
        return "--ops: op \"" + name + "\" has no step in an exhaustive run: its \"" + std::string(arg.name) +
               "\" takes " + what + ", which exhaustive runs do not name";
      }
    }
  }
  options->ops.assign(op_names->begin(), op_names->end());
  return "";
}

void PrintLayer(const explore::ExhaustiveLayer& layer) {
  std::cout << "depth " << layer.depth << ": " << layer.states << " states (" << layer.new_states << " new), "
            << layer.transitions << " transitions, " << layer.sequences << " sequences\n";
}

}  // namespace

int ExhaustiveCommand(const std::vector<std::string>& raw_args) {
  ExhaustiveOptions options;
  std::vector<std::string> op_names;  // owns what options.ops views
  if (const std::string error = ParseExhaustiveOptions(raw_args, &options, &op_names); !error.empty()) {
    std::cerr << "wsdup explore: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  std::cout << "wsdup explore --exhaustive on the model: depth " << options.depth << ", " << options.procs
            << " processes, names s1..s" << options.descriptors << ", b1..b" << options.blobs << ", p1..p"
            << options.peers << "; ops:";
  for (std::string_view op : options.ops) std::cout << " " << op;
  std::cout << "\n";
  const auto began = std::chrono::steady_clock::now();
  const auto seconds = [&began] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  };
  ExhaustiveTally tally;
  try {
    tally = explore::ExploreExhaustively(options, [&](const ExhaustiveTally& so_far) {
      PrintLayer(so_far.layers.back());
      std::cout.flush();
      std::cerr << "explore: depth " << so_far.layers.back().depth << " done at " << seconds() << " s, "
                << static_cast<uint64_t>(so_far.distinct_states / seconds()) << " distinct states/s, "
                << static_cast<uint64_t>(so_far.transitions / seconds()) << " transitions/s\n";
    });
  } catch (const InputError& bad) {
    std::cerr << "wsdup explore: " << bad.what() << "\n";
    return kExitBadInput;
  }
  const double elapsed = seconds();
  std::cout << "alphabet: " << tally.alphabet << " concrete steps\n"
            << "explored " << tally.distinct_states << " distinct states, " << tally.transitions << " transitions, "
            << tally.sequences << " sequences of 1.." << options.depth << " steps (" << tally.ends
            << " ended by a call that would block): " << tally.violations.size() << " invariant violation(s)\n";
  for (size_t i = 0; i < tally.violations.size(); ++i) {
    const explore::ExhaustiveViolation& violation = tally.violations[i];
    std::cout << "VIOLATION " << i + 1 << ": " << Printable(violation.problems.front(), 2000) << "\n  after "
              << violation.steps.size() << " steps:\n";
    for (const nlohmann::json& step : violation.steps) std::cout << "    " << step.dump() << "\n";
  }
  PrintModelCoverage(tally.rules, tally.open_points);
  std::cerr << "explore: " << tally.distinct_states << " distinct states in " << elapsed << " s ("
            << static_cast<uint64_t>(tally.distinct_states / elapsed) << " states/s, "
            << static_cast<uint64_t>(tally.transitions / elapsed) << " transitions/s)\n";
  return tally.violations.empty() ? kExitOk : kExitFailed;
}

}  // namespace wsdup::conformance::cli
