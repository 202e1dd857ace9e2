// Random operation sequences over three processes: every invariant holds after every step, and a
// peer sees its connection end exactly when the socket's last reference goes (CLOSE-2, BLOB-7).
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/world.h"

namespace wsdup::sim {
namespace {

enum class Action {
  kStartup, kCleanup, kConnected, kDuplicate, kImport, kClose, kSetOpt, kFionbio,
  kEventSelect, kAsyncSelect, kPeerSend, kRecv, kExit, kFault, kCount
};

struct Command {
  int action;
  int process;  // 0..2
  int pick;     // which descriptor / blob / peer, modulo how many exist
  int flag;
};

struct Driver {
  World world;
  std::vector<Pid> pids;
  std::vector<std::pair<Pid, Handle>> descriptors;
  std::vector<BlobId> blobs;
  std::vector<PeerId> peers;
  std::vector<EventId> events;
  std::vector<WindowId> windows;

  Driver() {
    for (int i = 0; i < 3; ++i) {
      pids.push_back(world.Spawn());
      events.push_back(world.CreateEvent(pids.back()));
      windows.push_back(world.CreateWindow(pids.back()));
    }
  }

  void Apply(const Command& command) {
    const Pid pid = pids[command.process];
    if (!world.Alive(pid)) return;
    auto descriptor = [&]() -> Handle {
      return descriptors.empty() ? kInvalidSocket
                                 : descriptors[command.pick % descriptors.size()].second;
    };
    switch (static_cast<Action>(command.action)) {
      case Action::kStartup: world.Startup(pid); break;
      case Action::kCleanup: world.Cleanup(pid); break;
      case Action::kConnected: {
        PeerId peer = 0;
        Outcome<Handle> made = world.Connected(pid, CreateApi::kSocket, 0, &peer);
        if (made.ok()) {
          descriptors.push_back({pid, made.value()});
          peers.push_back(peer);
        }
        break;
      }
      case Action::kDuplicate: {
        const Pid target = pids[(command.process + 1 + command.flag % 3) % 3];
        Outcome<BlobId> blob = world.Duplicate(pid, descriptor(), DuplicateArgs{target, Variant::kA, false});
        if (blob.ok()) blobs.push_back(blob.value());
        break;
      }
      case Action::kImport:
        if (!blobs.empty()) {
          Outcome<Handle> made = world.FromBlob(pid, blobs[command.pick % blobs.size()], Variant::kW, 0);
          if (made.ok()) descriptors.push_back({pid, made.value()});
        }
        break;
      case Action::kClose: world.CloseSocket(pid, descriptor()); break;
      case Action::kSetOpt:
        world.SetSockOpt(pid, descriptor(), OptionLevel::kSocket, Option::kLinger,
                         {command.flag % 2, 0});
        break;
      case Action::kFionbio: world.IoctlFionbio(pid, descriptor(), command.flag % 2); break;
      case Action::kEventSelect:
        world.EventSelect(pid, descriptor(), events[command.process], command.flag % 2 ? kFdRead : 0);
        break;
      case Action::kAsyncSelect:
        world.AsyncSelect(pid, descriptor(), windows[command.process],
                          command.flag % 2 ? kFdRead | kFdClose : 0);
        break;
      case Action::kPeerSend:
        if (!peers.empty()) world.PeerSend(peers[command.pick % peers.size()], "d");
        break;
      case Action::kRecv: world.Recv(pid, descriptor()); break;
      case Action::kExit: world.Exit(pid); break;
      case Action::kFault:
        world.SetFault(pid, static_cast<Fault>(command.flag % 4), command.pick % 2 == 0);
        break;
      case Action::kCount: break;
    }
  }
};

Command Make(int action, int process, int pick, int flag) { return {action, process, pick, flag}; }

TEST(InvariantProperty, HoldAfterEveryStepOfRandomSequences) {
  const bool ok = rc::check("invariants hold after every step", [] {
    const auto commands = *rc::gen::container<std::vector<Command>>(rc::gen::apply(
        &Make, rc::gen::inRange(0, static_cast<int>(Action::kCount)), rc::gen::inRange(0, 3),
        rc::gen::inRange(0, 8), rc::gen::inRange(0, 8)));
    Driver driver;
    for (const Command& command : commands) {
      driver.Apply(command);
      const std::vector<std::string> broken = driver.world.CheckInvariants();
      RC_ASSERT(broken.empty());
    }
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace wsdup::sim
