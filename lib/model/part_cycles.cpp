#include "model/part_cycles.hpp"

#include "model/wording.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tally::detail {
namespace {

// Where an edge whole→part was declared: /relations/<relation>/parts/<part>.
struct edge_origin {
  std::size_t relation = 0;
  std::size_t part = 0;
};

using part_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                         boost::no_property, edge_origin>;
using vertex = boost::graph_traits<part_graph>::vertex_descriptor;
using edge = boost::graph_traits<part_graph>::edge_descriptor;

struct named_graph {
  part_graph graph;
  std::vector<std::string_view> names;  // by vertex, in order of first appearance
};

named_graph build_graph(const claim_set& document) {
  named_graph g;
  std::unordered_map<std::string_view, vertex> index;
  const auto vertex_of = [&](const std::string& name) {
    const auto [it, inserted] = index.try_emplace(name, g.names.size());
    if (inserted) {
      g.names.push_back(name);
      boost::add_vertex(g.graph);
    }
    return it->second;
  };
  for (std::size_t r = 0; r < document.relations.size(); ++r) {
    const relation& rel = document.relations[r];
    if (rel.kind != relation::kind::parts || rel.whole.empty()) continue;
    const vertex whole = vertex_of(rel.whole);
    for (std::size_t p = 0; p < rel.parts.size(); ++p) {
      if (rel.parts[p].empty() || rel.parts[p] == rel.whole) continue;
      boost::add_edge(whole, vertex_of(rel.parts[p]), edge_origin{r, p}, g.graph);
    }
  }
  return g;
}

// The edges of a shortest cycle through `start` inside its component
// (breadth-first from `start`, staying in the component, until an edge
// returns to it).
std::vector<edge> shortest_cycle(const part_graph& graph, vertex start,
                                 const std::vector<std::size_t>& component) {
  const std::size_t count = boost::num_vertices(graph);
  std::vector<std::optional<edge>> reached_by(count);
  std::vector<char> seen(count, 0);
  std::deque<vertex> queue{start};
  seen[start] = 1;
  while (!queue.empty()) {
    const vertex u = queue.front();
    queue.pop_front();
    for (const edge e : boost::make_iterator_range(boost::out_edges(u, graph))) {
      const vertex v = boost::target(e, graph);
      if (component[v] != component[start]) continue;
      if (v == start) {
        std::vector<edge> cycle{e};
        for (vertex w = u; w != start; w = boost::source(*reached_by[w], graph)) {
          cycle.push_back(*reached_by[w]);
        }
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (!seen[v]) {
        seen[v] = 1;
        reached_by[v] = e;
        queue.push_back(v);
      }
    }
  }
  return {};
}

diagnostic describe_cycle(const named_graph& g, const std::vector<edge>& cycle) {
  std::string chain(g.names[boost::source(cycle.front(), g.graph)]);
  std::vector<std::size_t> relations;
  for (const edge e : cycle) {
    chain += " → ";
    chain += g.names[boost::target(e, g.graph)];
    relations.push_back(g.graph[e].relation);
  }
  std::sort(relations.begin(), relations.end());
  relations.erase(std::unique(relations.begin(), relations.end()), relations.end());
  std::string listed;
  for (const std::size_t r : relations) {
    listed += listed.empty() ? "" : ", ";
    listed += "/relations/" + std::to_string(r);
  }

  const edge_origin closing = g.graph[cycle.back()];
  diagnostic d;
  d.code = "cycle";
  d.path = "/relations/" + std::to_string(closing.relation) + "/parts/" + std::to_string(closing.part);
  d.message = "Quantity " + in_quotes(g.names[boost::source(cycle.front(), g.graph)]) +
              " is a part of itself through whole/parts relations: " + chain + ".";
  d.fix = "A count cannot contain itself: remove or correct one of the relations on this cycle (" +
          listed + ").";
  return d;
}

// Whether the whole/parts graph has a cycle at all, decided without the
// graph above, which a valid document never needs. Every quantity on a cycle
// is the whole of some relation, so the edges between wholes decide, and
// sorted ids and flat arrays (Kahn's algorithm) decide them cheaply.
bool has_part_cycle(const claim_set& document) {
  std::vector<std::string_view> wholes;
  for (const relation& rel : document.relations) {
    if (rel.kind == relation::kind::parts && !rel.whole.empty()) wholes.push_back(rel.whole);
  }
  std::sort(wholes.begin(), wholes.end());
  wholes.erase(std::unique(wholes.begin(), wholes.end()), wholes.end());
  const auto whole_index = [&](std::string_view name) {
    const auto found = std::lower_bound(wholes.begin(), wholes.end(), name);
    return found != wholes.end() && *found == name ? static_cast<std::size_t>(found - wholes.begin()) : wholes.size();
  };

  std::vector<std::pair<std::size_t, std::size_t>> edges;  // whole → part that is a whole too
  for (const relation& rel : document.relations) {
    if (rel.kind != relation::kind::parts || rel.whole.empty()) continue;
    const std::size_t from = whole_index(rel.whole);
    for (const std::string& part : rel.parts) {
      if (part.empty() || part == rel.whole) continue;
      const std::size_t to = whole_index(part);
      if (to < wholes.size()) edges.emplace_back(from, to);
    }
  }
  std::sort(edges.begin(), edges.end());
  std::vector<std::size_t> first_edge(wholes.size() + 1, 0), in_degree(wholes.size(), 0);
  for (const auto& [from, to] : edges) {
    ++first_edge[from + 1];
    ++in_degree[to];
  }
  for (std::size_t v = 0; v < wholes.size(); ++v) first_edge[v + 1] += first_edge[v];

  std::vector<std::size_t> ready;
  for (std::size_t v = 0; v < wholes.size(); ++v) {
    if (in_degree[v] == 0) ready.push_back(v);
  }
  std::size_t removed = 0;
  while (!ready.empty()) {
    const std::size_t v = ready.back();
    ready.pop_back();
    ++removed;
    for (std::size_t e = first_edge[v]; e < first_edge[v + 1]; ++e) {
      if (--in_degree[edges[e].second] == 0) ready.push_back(edges[e].second);
    }
  }
  return removed < wholes.size();
}

}  // namespace

std::vector<diagnostic> find_part_cycles(const claim_set& document) {
  if (!has_part_cycle(document)) return {};
  const named_graph g = build_graph(document);
  const std::size_t count = boost::num_vertices(g.graph);
  if (count == 0) return {};

  std::vector<std::size_t> component(count);
  const std::size_t components = boost::strong_components(
      g.graph, boost::make_iterator_property_map(component.begin(),
                                                 boost::get(boost::vertex_index, g.graph)));
  std::vector<std::size_t> size(components, 0);
  for (const std::size_t c : component) ++size[c];

  std::vector<diagnostic> found;
  std::vector<char> reported(components, 0);
  for (vertex v = 0; v < count; ++v) {  // first-appearing quantity of each group
    const std::size_t c = component[v];
    if (size[c] < 2 || reported[c]) continue;
    reported[c] = 1;
    found.push_back(describe_cycle(g, shortest_cycle(g.graph, v, component)));
  }
  return found;
}

}  // namespace tally::detail
