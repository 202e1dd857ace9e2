// The core laws of socket sharing as RapidCheck properties over random shapes: how many processes
// share a socket, in which order they close, register or import. Each test names the rule it
// holds. The same file is built against the deliberately broken models (sim/broken_variants.md,
// the variant's define naming which): the law that variant breaks must then fail its property, so
// a property that cannot catch a broken model fails its own test. RapidCheck prints how many
// cases it took ("Falsifiable after N tests") in the test log.
#include <rapidcheck.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/world.h"

// The law the model this file is built against breaks ("" for the real model).
#if defined(WSDUP_BROKEN_CLOSE_ON_FIRST_CLOSE)
#define WSDUP_LAW_BROKEN "CLOSE-2"
#elif defined(WSDUP_BROKEN_BLOB_IMPORTS_TWICE)
#define WSDUP_LAW_BROKEN "BLOB-2"
#elif defined(WSDUP_BROKEN_REGISTRATION_PER_DESCRIPTOR)
#define WSDUP_LAW_BROKEN "EVT-1"
#else
#define WSDUP_LAW_BROKEN ""
#endif

namespace wsdup::sim {
namespace {

// A connected socket shared by `holders` processes: the first made it, each other imported it.
struct Shared {
  World world;
  std::vector<Pid> pids;
  std::vector<Handle> handles;  // handles[i] is pids[i]'s descriptor
  PeerId peer = 0;

  explicit Shared(int holders) {
    for (int i = 0; i < holders; ++i) {
      pids.push_back(world.Spawn());
      world.Startup(pids.back());
    }
    handles.push_back(world.Connected(pids[0], CreateApi::kSocket, 0, &peer).value());
    for (int i = 1; i < holders; ++i) {
      const BlobId blob = world.Duplicate(pids[0], handles[0], DuplicateArgs{pids[i], Variant::kA, false}).value();
      handles.push_back(world.FromBlob(pids[i], blob, Variant::kA, kFlagOverlapped).value());
    }
  }
};

// Whether this build's model is the broken variant for `rule`: then its property must fail.
bool BrokenHere(const std::string& rule) { return rule == WSDUP_LAW_BROKEN; }

// On the real model every law holds. On a broken one, the law it breaks must fail; the others are
// not asserted, since one fault can break several laws (a blob that never gets used up also
// keeps its socket alive after the last close, so BLOB-2's variant breaks CLOSE-2 too).
void ExpectLaw(const std::string& rule, bool held) {
  if (BrokenHere(rule)) {
    EXPECT_FALSE(held) << rule << ": the broken model passed the property meant to catch it";
  } else if (std::string(WSDUP_LAW_BROKEN).empty()) {
    EXPECT_TRUE(held) << rule;
  }
}

TEST(LawProperty, TheSocketLivesUntilItsLastDescriptorCloses) {  // CLOSE-2
  ExpectLaw("CLOSE-2", rc::check("CLOSE-2", [] {
    const int holders = *rc::gen::inRange(2, 6);
    Shared shared(holders);
    // A random closing order: the holders sorted by random keys.
    const auto keys = *rc::gen::container<std::vector<int>>(static_cast<size_t>(holders), rc::gen::arbitrary<int>());
    std::vector<int> order(static_cast<size_t>(holders));
    for (int i = 0; i < holders; ++i) order[static_cast<size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&keys](int a, int b) { return keys[a] < keys[b]; });
    for (size_t closed = 0; closed < order.size(); ++closed) {
      const int who = order[closed];
      RC_ASSERT(shared.world.CloseSocket(shared.pids[who], shared.handles[who]) == WsaError::kNone);
      const bool last = closed + 1 == order.size();
      RC_ASSERT(shared.world.PeerStateOf(shared.peer) == (last ? PeerState::kEof : PeerState::kOpen));
    }
  }));
}

TEST(LawProperty, ABlobImportsOnce) {  // BLOB-2
  ExpectLaw("BLOB-2", rc::check("BLOB-2", [] {
    World world;
    const Pid source = world.Spawn();
    const Pid target = world.Spawn();
    world.Startup(source);
    world.Startup(target);
    PeerId peer = 0;
    const Handle handle = world.Connected(source, CreateApi::kSocket, 0, &peer).value();
    const BlobId blob = world.Duplicate(source, handle, DuplicateArgs{target, Variant::kA, false}).value();
    const int tries = *rc::gen::inRange(2, 6);
    int imported = 0;
    for (int i = 0; i < tries; ++i) {
      if (world.FromBlob(target, blob, Variant::kA, kFlagOverlapped).ok()) ++imported;
    }
    RC_ASSERT(imported == 1);
  }));
}

TEST(LawProperty, TheLastRegistrationThroughAnyDescriptorIsTheOnlyOne) {  // EVT-1
  ExpectLaw("EVT-1", rc::check("EVT-1", [] {
    const int holders = *rc::gen::inRange(2, 5);
    Shared shared(holders);
    std::vector<EventId> events;
    for (Pid pid : shared.pids) events.push_back(shared.world.CreateEvent(pid));
    const auto registrations = *rc::gen::container<std::vector<int>>(
        *rc::gen::inRange(2, 6), rc::gen::inRange(0, holders));
    for (int who : registrations) {
      RC_ASSERT(shared.world.EventSelect(shared.pids[who], shared.handles[who], events[who], kFdRead) ==
                WsaError::kNone);
    }
    shared.world.PeerSend(shared.peer, "d");
    const int last = registrations.back();
    for (int who = 0; who < holders; ++who) {
      RC_ASSERT(shared.world.EventSignaled(events[who]) == (who == last));
    }
  }));
}

TEST(LawProperty, AnOptionSetThroughOneDescriptorReadsTheSameThroughAll) {  // SHARE-2
  ExpectLaw("SHARE-2", rc::check("SHARE-2", [] {
    const int holders = *rc::gen::inRange(2, 5);
    Shared shared(holders);
    const int setter = *rc::gen::inRange(0, holders);
    const int value = *rc::gen::inRange(0, 2);
    RC_ASSERT(shared.world.SetSockOpt(shared.pids[setter], shared.handles[setter], OptionLevel::kSocket,
                                      Option::kKeepAlive, {value, 0}) == WsaError::kNone);
    for (int who = 0; who < holders; ++who) {
      const Outcome<OptionValue> read =
          shared.world.GetSockOpt(shared.pids[who], shared.handles[who], OptionLevel::kSocket, Option::kKeepAlive);
      RC_ASSERT(read.ok());
      RC_ASSERT(read.value().value == value);
    }
  }));
}

}  // namespace
}  // namespace wsdup::sim
