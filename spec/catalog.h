// The rule catalog (spec/rules.json): loading, checking its shape, and rendering it for people.
#ifndef WSDUP_SPEC_CATALOG_H_
#define WSDUP_SPEC_CATALOG_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wsdup::spec {

struct Rule {
  std::string id;
  std::string family;
  std::string title;
  std::string statement;
  std::string kind;  // documented | reported | clarification
  std::vector<std::string> sources;
  std::vector<std::string> functions;
  std::vector<std::string> errors;
  // False for the provider interface's rules (SPI), which the World does not note (sim/rules.h):
  // sim/spi's base provider and the SPI harness keep them.
  bool modelled = true;
  nlohmann::json clarification;  // question / model_choice / why, for kind == clarification
  // For a clarification that is a named choice of the model (sim/open_points.h): the behaviours a
  // stack may show, the model's default first. Empty for every other rule.
  std::vector<std::string> open_point;
  // Why no real stack can run this rule's rows (they need fault injection, say). Empty when one
  // can; //conformance/traceability:traceability_test then insists that one does.
  std::string model_only_because;
  // Why no row can exercise the rule through the API at all. Empty when rows can;
  // //conformance/traceability:traceability_test then insists that some do.
  std::string unexercisable_because;
};

// Throws std::runtime_error naming the rule and the field when the catalog is malformed.
std::vector<Rule> LoadCatalog(const std::string& path);

// Markdown rendering of the catalog, checked in as spec/rules.md.
std::string RenderMarkdown(const std::vector<Rule>& rules);

}  // namespace wsdup::spec

#endif  // WSDUP_SPEC_CATALOG_H_
