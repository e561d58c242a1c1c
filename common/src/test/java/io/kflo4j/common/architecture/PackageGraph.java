package io.kflo4j.common.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of one source tree uses which other package of the same tree, read from the
 * sources: every {@code io.kflo4j.} name of a class in the code (imports, static imports, fully
 * qualified names), comments, string literals, text blocks and character literals left out. A cycle
 * is a set of two or more packages that reach each other ({@link #cycles}, Tarjan's strongly
 * connected components).
 */
final class PackageGraph {
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(io\\.kflo4j(?:\\.[a-z_][a-z0-9_]*)+)\\.[A-Z]");
  private static final Pattern COMMENT_OR_STRING =
      Pattern.compile(
          "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'",
          Pattern.DOTALL);

  /** For each package, the packages of the tree it uses, each with the files that use it. */
  private final Map<String, Map<String, Set<String>>> uses = new TreeMap<>();

  private PackageGraph() {}

  /** Reads every {@code .java} file under {@code sourceRoot} (e.g. {@code src/main/java}). */
  static PackageGraph read(Path sourceRoot) {
    PackageGraph graph = new PackageGraph();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        graph.add(file.getFileName().toString(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    graph.uses.values().forEach(targets -> targets.keySet().retainAll(graph.uses.keySet()));
    return graph;
  }

  private void add(String fileName, String source) {
    Matcher declared = PACKAGE.matcher(source);
    if (!declared.find()) {
      return;
    }
    String from = declared.group(1);
    Map<String, Set<String>> targets = uses.computeIfAbsent(from, p -> new TreeMap<>());
    Matcher reference = REFERENCE.matcher(COMMENT_OR_STRING.matcher(source).replaceAll(" "));
    while (reference.find()) {
      String to = reference.group(1);
      if (!to.equals(from)) {
        targets.computeIfAbsent(to, p -> new TreeSet<>()).add(fileName);
      }
    }
  }

  /** The packages of the tree. */
  Set<String> packages() {
    return uses.keySet();
  }

  /** The packages of the tree that {@code from} uses. */
  Set<String> uses(String from) {
    return uses.getOrDefault(from, Map.of()).keySet();
  }

  /** Every cycle: each a sorted set of two or more packages that reach each other. */
  List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, index, low, stack, cycles);
      }
    }
    return cycles;
  }

  private void connect(
      String node,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<Set<String>> cycles) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : uses(node)) {
      if (!index.containsKey(next)) {
        connect(next, index, low, stack, cycles);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }

  /** A cycle's edges, each {@code a -> b (files of a that use b)}, one a line. */
  String describe(Set<String> cycle) {
    StringBuilder text = new StringBuilder();
    for (String from : cycle) {
      for (Map.Entry<String, Set<String>> to : uses.get(from).entrySet()) {
        if (cycle.contains(to.getKey())) {
          text.append("  ")
              .append(from)
              .append(" -> ")
              .append(to.getKey())
              .append(' ')
              .append(to.getValue())
              .append('\n');
        }
      }
    }
    return text.toString();
  }
}
