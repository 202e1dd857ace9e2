// wsdup: the command line. Dispatches to the subcommands (commands.h).
#include <iostream>
#include <string>
#include <vector>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "conformance/cli/cli_common.h"
#include "conformance/cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: wsdup <command> [options]\n"
    "\n"
    "commands:\n"
    "  gate [--backend=winsock|agent|model] [--agent-cmd=CMD] [--tables=DIR] [--records=DIR|--no-records]\n"
    "       [--jobs=N] [--json FILE] [--junit FILE] [--html FILE] [TABLE...]\n"
    "      The conformance gate (docs/gate.md): every table (default: fixtures/*.json) on the\n"
    "      model and on the stack, every step of the stack compared with the model and with\n"
    "      its expect. Known deviations come from DIR/<stack>.json (default fixtures/deviations);\n"
    "      a stack without one is bad input unless --no-records says to judge without any.\n"
    "      --jobs=N: N instances of the stack side by side (default 4; the report is the same).\n"
    "      --html FILE: one self-contained page, rows against backends, deviations opening to steps.\n"
    "      Exit 0: no new deviation, no stale record, no error; 1: otherwise; 2: bad input.\n"
    "  record --backend=winsock|agent|model [--agent-cmd=CMD] --out FILE [--tables=DIR] [--jobs=N]\n"
    "       [TABLE...]\n"
    "      Runs the tables on a stack and writes its trace (docs/trace-format.md).\n"
    "  check [--tables=DIR] [--records=DIR|--no-records] [--json FILE] [--junit FILE] [--html FILE]\n"
    "       TRACE...\n"
    "      Judges recorded traces against the model offline, with the gate's verdicts and records.\n"
    "  run [--backend=model|winsock|agent] [--agent-cmd=CMD] [--trace] [--timing] FILE...\n"
    "      Runs scenario files (docs/scenario-format.md) and checks every expect (no model\n"
    "      comparison). One line per scenario; --trace adds each step's result as a JSON line;\n"
    "      --timing prints start-up, per-step latency and steps/s on stderr.\n"
    "      Exit 0: all expectations hold; 1: one does not; 2: bad input.\n"
    "  explore [--backend=model|winsock|agent] [--agent-cmd=CMD] [--seed=N] [--cases=N] [--budget=SECONDS]\n"
    "       [--max-steps=K] [--procs=P] [--shard=I/N] [--no-swarm] [--out=DIR] [--jobs=N]\n"
    "       [--records=DIR|--ignore-known-deviations]\n"
    "      Generated cases (docs/exploration.md): on the model, every invariant after every step and\n"
    "      the same answers twice; on a stack, every step judged against the model as the gate does.\n"
    "      Each finding is shrunk and written to DIR as a fixture row. Deviations the stack's record\n"
    "      explains (same rule, same results) are counted, not reported. Default: 1000 cases, seed 1;\n"
    "      --shard (or TEST_SHARD_INDEX/TEST_TOTAL_SHARDS) runs case indices I, I+N, I+2N, ...\n"
    "      --jobs: instances of a stack judging cases side by side (default 4; same output).\n"
    "      Exit 0: no finding; 1: findings; 2: bad input.\n"
    "  explore --exhaustive [--depth=D] [--procs=P] [--descriptors=N] [--blobs=N] [--peers=N] [--ops=OP,...]\n"
    "      Every sequence of up to D steps (default 6) over a small alphabet on the model, states that\n"
    "      answer alike merged; invariants on every state. Exit 0: none broken; 1: broken; 2: bad input.\n"
    "  help\n"
    "\n"
    "backends: model (in process); winsock (the bundled Windows agent: under Wine on Linux, itself on\n"
    "Windows); agent (any agent speaking docs/agent-protocol.md, started with CMD through /bin/sh,\n"
    "or cmd.exe on Windows).\n"
    "Bounds: --step-timeout-ms=N (an answer), --wait-ms=N (waiting for something to happen),\n"
    "--negative-wait-ms=N (waiting for nothing).\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace wsdup::conformance::cli;
#ifdef _WIN32
  // Reports and traces on stdout are the same bytes on every platform: no "\r\n" translation.
  _setmode(_fileno(stdout), _O_BINARY);
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") return RunCommand(args, argv[0]);
  if (command == "gate") return GateCommand(args, argv[0]);
  if (command == "record") return RecordCommand(args, argv[0]);
  if (command == "check") return CheckCommand(args);
  if (command == "explore") return ExploreCommand(args, argv[0]);
  std::cerr << "wsdup: unknown command \"" << command << "\"\n" << kUsage;
  return kExitBadInput;
}
