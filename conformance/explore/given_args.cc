#include "conformance/explore/given_args.h"

#include <array>
#include <iterator>
#include <stdexcept>

#include "conformance/vocabulary/net_events.h"

namespace wsdup::conformance::explore {

using nlohmann::json;
using vocabulary::ArgKind;
using vocabulary::ArgSpec;

// GivenArg::picked holds a list as 32 bits.
constexpr size_t kMaxListItems = 32;
static_assert(std::size(vocabulary::kNetEvents) <= kMaxListItems);

size_t ListWords(const ArgSpec& spec) {
  const size_t words = spec.kind == ArgKind::kEventList ? std::size(vocabulary::kNetEvents) : spec.choices.size();
  if (words > kMaxListItems) {
    throw std::logic_error("op table: list argument " + std::string(spec.name) + " has over 32 words");
  }
  return words;
}

namespace {

// Word i of a list argument, in the order a written list keeps them.
std::string_view ListItem(const ArgSpec& spec, size_t i) {
  return spec.kind == ArgKind::kEventList ? vocabulary::kNetEvents[i].name : spec.choices[i];
}

// `given` as the format's SetStepArg reads it (views, not copies); a list's words go to `items`.
ArgValue ViewOf(const GivenArg& given, std::array<std::string_view, kMaxListItems>* items) {
  ArgValue value;
  switch (given.spec->kind) {
    case ArgKind::kSock:
    case ArgKind::kBlob:
    case ArgKind::kPeer:
    case ArgKind::kNewPeer:
    case ArgKind::kAddress:
    case ArgKind::kProc:
    case ArgKind::kNewProc:
    case ArgKind::kEvent:
    case ArgKind::kWindow:
    case ArgKind::kPort:
    case ArgKind::kAsync:
    case ArgKind::kNewAsync:
    case ArgKind::kDgramPeer:
    case ArgKind::kNewDgramPeer:
      value.shape = ArgValue::Shape::kText;
      value.text = given.name;
      break;
    case ArgKind::kEnum:
    case ArgKind::kString:
      value.shape = ArgValue::Shape::kText;
      value.text = given.word;
      break;
    case ArgKind::kFlagList:
    case ArgKind::kEventList:
      value.shape = ArgValue::Shape::kList;
      for (size_t i = 0; i < ListWords(*given.spec); ++i) {
        if (given.picked & (1u << i)) (*items)[value.count++] = ListItem(*given.spec, i);
      }
      value.items = items->data();
      break;
    case ArgKind::kBool:
      value.shape = ArgValue::Shape::kBool;
      value.flag = given.flag;
      break;
    case ArgKind::kCount:
    case ArgKind::kNumber:
      value.shape = ArgValue::Shape::kInteger;
      value.number = sim::OptionValue{given.count, 0};
      break;
    case ArgKind::kOptionValue:
      value.shape = given.linger ? ArgValue::Shape::kLinger : ArgValue::Shape::kInteger;
      value.number = given.number;
      break;
  }
  return value;
}

}  // namespace

void GivenArg::ApplyTo(StepArgs* typed) const {
  std::array<std::string_view, kMaxListItems> items;
  SetStepArg(spec->name, ViewOf(*this, &items), typed);
}

json GivenArg::Written() const {
  switch (spec->kind) {
    case ArgKind::kEnum:
    case ArgKind::kString: return word;
    case ArgKind::kFlagList:
    case ArgKind::kEventList: {
      json items = json::array();
      for (size_t i = 0; i < ListWords(*spec); ++i) {
        if (picked & (1u << i)) items.push_back(ListItem(*spec, i));
      }
      return items;
    }
    case ArgKind::kBool: return flag;
    case ArgKind::kCount:
    case ArgKind::kNumber: return count;
    case ArgKind::kOptionValue:
      if (linger) return json{{"l_onoff", number.value}, {"l_linger", number.linger}};
      return number.value;
    default: return name;
  }
}

json CaseArgs::Written(const Step& step, size_t index) const {
  json written = json::object();
  if (!step.proc.empty()) written["proc"] = step.proc;
  written["op"] = step.op;
  const size_t end = index + 1 < step_begin.size() ? step_begin[index + 1] : args.size();
  for (size_t i = step_begin.at(index); i < end; ++i) written[std::string(args[i].spec->name)] = args[i].Written();
  if (!step.as.empty()) written["as"] = step.as;
  return written;
}

}  // namespace wsdup::conformance::explore
