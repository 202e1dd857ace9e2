// The rules the model implements, by their IDs in spec/rules.json, and the sets of them a call
// reaches. Each place in the World that decides an outcome by a rule notes it (WSDUP_RULE), so a
// run says which rules it exercised: `wsdup explore` reports rule coverage from it, and a finding
// names the rules of the step where it showed. From a rule ID, `grep -rn '"DUP-4"' sim/` finds
// the code that implements it.
#ifndef WSDUP_SIM_RULES_H_
#define WSDUP_SIM_RULES_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace wsdup::sim {

// The modelled rules of spec/rules.json, in its order (//sim:rules_test holds the two together).
inline constexpr std::string_view kModelledRules[] = {
    "DUP-1", "DUP-2", "DUP-3", "DUP-4", "DUP-5", "DUP-6", "DUP-7", "DUP-8", "DUP-9", "DUP-10",
    "DUP-11", "DUP-12", "DUP-13", "DUP-14", "DUP-15",
    "BLOB-1", "BLOB-2", "BLOB-3", "BLOB-4", "BLOB-5", "BLOB-6", "BLOB-7", "BLOB-8", "BLOB-9",
    "BLOB-10", "BLOB-11", "BLOB-12", "BLOB-13", "BLOB-14",
    "SHARE-1", "SHARE-2", "SHARE-3", "SHARE-4", "SHARE-5", "SHARE-6", "SHARE-7",
    "CLOSE-1", "CLOSE-2", "CLOSE-3", "CLOSE-4", "CLOSE-5", "CLOSE-6", "CLOSE-7", "CLOSE-8",
    "CLOSE-9",
    "EVT-1", "EVT-2", "EVT-3", "EVT-4", "EVT-5", "EVT-6", "EVT-7", "EVT-8", "EVT-9", "EVT-10",
    "EVT-11", "EVT-12", "EVT-13",
    "STARTUP-1", "STARTUP-2", "STARTUP-3", "STARTUP-4", "STARTUP-5", "STARTUP-6",
    "SOCK-1", "SOCK-2", "SOCK-3", "SOCK-4", "SOCK-5", "SOCK-6", "SOCK-7", "SOCK-8", "SOCK-9",
    "SOCK-10", "SOCK-11", "SOCK-12",
    "SHUT-1", "SHUT-2", "SHUT-3", "SHUT-4", "SHUT-5",
    "CONN-1", "CONN-2", "CONN-3", "CONN-4", "CONN-5", "CONN-6", "CONN-7", "CONN-8", "CONN-9", "CONN-10",
    "CONN-11", "CONN-12",
    "INH-1", "INH-2", "INH-3", "INH-4",
    "OVL-1", "OVL-2", "OVL-3", "OVL-4", "OVL-5", "OVL-6", "OVL-7",
};
inline constexpr size_t kModelledRuleCount = std::size(kModelledRules);

// The index of a modelled rule. Used through WSDUP_RULE, an unknown ID does not compile.
constexpr uint8_t RuleIndex(std::string_view id) {
  for (size_t i = 0; i < kModelledRuleCount; ++i) {
    if (kModelledRules[i] == id) return static_cast<uint8_t>(i);
  }
  throw std::invalid_argument("not a modelled rule of spec/rules.json");
}

// A modelled rule's index, checked at compile time.
#define WSDUP_RULE(id) (::std::integral_constant<uint8_t, ::wsdup::sim::RuleIndex(id)>::value)

// A set of modelled rules: one bit each.
class RuleSet {
 public:
  void Add(uint8_t rule) { words_[rule / 64] |= uint64_t{1} << (rule % 64); }
  bool Has(uint8_t rule) const { return (words_[rule / 64] >> (rule % 64)) & 1u; }
  bool Empty() const { return (words_[0] | words_[1]) == 0; }
  size_t Count() const { return std::bitset<64>(words_[0]).count() + std::bitset<64>(words_[1]).count(); }
  RuleSet& operator|=(const RuleSet& other) {
    words_[0] |= other.words_[0];
    words_[1] |= other.words_[1];
    return *this;
  }
  bool operator==(const RuleSet& other) const {
    return words_[0] == other.words_[0] && words_[1] == other.words_[1];
  }

 private:
  static_assert(kModelledRuleCount <= 128, "RuleSet holds 128 rules");
  uint64_t words_[2] = {0, 0};
};

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_RULES_H_
