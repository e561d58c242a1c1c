package io.kflo4j.common.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package of any module's main sources uses, directly or through others, a package that uses it
 * back: each module's packages form layers. The modules are those the root pom lists; this test
 * lives in {@code common} (the first module built) and reads the others' sources, which is cheap
 * (no compiled classes needed).
 */
class PackageCyclesTest {

  @Test
  void noModuleHasAPackageCycle() throws IOException {
    Path root = projectRoot();
    List<String> modules = modulesIn(root);
    assertTrue(modules.contains("common") && modules.contains("cli"), modules::toString);
    StringBuilder found = new StringBuilder();
    for (String module : modules) {
      Path sources = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      PackageGraph graph = PackageGraph.read(sources);
      for (Set<String> cycle : graph.cycles()) {
        found.append(module).append(": ").append(cycle).append('\n').append(graph.describe(cycle));
      }
    }
    assertEquals("", found.toString(), "package cycles (a -> b: a uses b)");
  }

  @Test
  void aCycleThroughThreePackagesIsFoundAndAChainIsNot(@TempDir Path tmp) throws IOException {
    write(tmp, "io.kflo4j.x.a", "A", "import io.kflo4j.x.b.B;");
    write(tmp, "io.kflo4j.x.b", "B", "class Uses { io.kflo4j.x.c.C c; }");
    write(tmp, "io.kflo4j.x.c", "C", "import static io.kflo4j.x.a.A.VALUE;");
    write(tmp, "io.kflo4j.x.d", "D", "import io.kflo4j.x.a.A;");
    write(
        tmp,
        "io.kflo4j.x.e",
        "E",
        "/** {@link io.kflo4j.x.d.D} */ String s = \"io.kflo4j.x.d.D\";"
            + " String t = \"\"\"\n io.kflo4j.x.d.D \"\n\"\"\";");
    write(
        tmp,
        "io.kflo4j.x.f",
        "F",
        "class G { char q = '\"'; io.kflo4j.x.d.D d; String r = \"\"; }");
    PackageGraph graph = PackageGraph.read(tmp);
    assertEquals(
        List.of(Set.of("io.kflo4j.x.a", "io.kflo4j.x.b", "io.kflo4j.x.c")), graph.cycles());
    assertEquals(Set.of("io.kflo4j.x.a"), graph.uses("io.kflo4j.x.d"));
    assertEquals(Set.of(), graph.uses("io.kflo4j.x.e"), "comments and strings are not uses");
    assertEquals(Set.of("io.kflo4j.x.d"), graph.uses("io.kflo4j.x.f"), "a quote in a char literal");
    assertTrue(
        graph.describe(graph.cycles().get(0)).contains("io.kflo4j.x.b -> io.kflo4j.x.c [B.java]"));
  }

  private static void write(Path root, String pkg, String name, String body) throws IOException {
    Path dir = root.resolve(pkg.replace('.', '/'));
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(name + ".java"),
        "package " + pkg + ";\n\n" + body + "\n\npublic class " + name + " {}\n");
  }

  /** The directory of the root pom, above this module's directory. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && !modulesIn(dir).isEmpty()) {
        return dir;
      }
    }
    throw new IllegalStateException("no root pom above " + here);
  }

  private static List<String> modulesIn(Path dir) {
    try {
      Matcher module =
          Pattern.compile("<module>([^<]+)</module>")
              .matcher(Files.readString(dir.resolve("pom.xml")));
      return module.results().map(m -> m.group(1)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
