package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.experiments.grid.CellCommand;
import io.kflo4j.experiments.grid.GridCell;
import io.kflo4j.experiments.grid.GridSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every command a grid renders ({@link CellCommand}) parses with the real {@code kflo} command line
 * back to the same subcommand and options: if an option is renamed on either side, this fails.
 */
class CellCommandParsingTest {
  /** A grid with every kind of cell: trained, trained with its own options, transfer, ensemble. */
  private static final String SPEC =
      """
      {"name": "all", "datasets": ["cifar100", "folder:/data/pets"], "fractions": [0.4, 1.0],
       "architectures": ["cifar-quick"],
       "methods": [
         {"name": "plain", "reparam": "plain"},
         {"name": "ema", "reparam": "kflo:2x4", "arguments": ["--ema", "0.999", "--batch", "8"]},
         {"name": "tl-m1", "reparam": "plain", "transferFrom": ["src/m1"]},
         {"name": "tl-m2", "reparam": "plain", "transferFrom": ["src/m1", "src/m2"],
          "arguments": ["--distill-from", "{cell:tl-m1}/model"]},
         {"name": "ensemble", "ensembleOf": ["tl-m1", "tl-m2"]}],
       "seeds": [1, 7], "epochs": 3}
      """;

  private final Path cells = Path.of("/grids/all/cells");

  @Test
  void everyCellsCommandParsesBackToItself() {
    List<GridCell> grid = GridSpec.parse(SPEC).cells();
    assertEquals(40, grid.size());
    List<String> kinds = new ArrayList<>();
    for (GridCell cell : grid) {
      for (boolean resume : new boolean[] {false, true}) {
        CellCommand command = cell.command(cells.resolve(cell.name()), resume);
        assertEquals(command, parsedBack(command), String.join(" ", command.arguments()));
        kinds.add(command.getClass().getSimpleName());
      }
    }
    assertEquals(
        List.of("Evaluate", "Resume", "Train", "Transfer"),
        kinds.stream().distinct().sorted().toList(),
        "the grid renders every kind of cell command");
  }

  @Test
  void theSlurmTasksCommandParsesBackToItself() {
    CellCommand command = new CellCommand.RunGridCell(Path.of("/shared/grids/all"), 17);
    assertEquals(command, parsedBack(command));
  }

  /** {@code command}'s arguments parsed by {@code kflo}'s parser, read back into a command. */
  private static CellCommand parsedBack(CellCommand command) {
    ParseResult parsed =
        KfloCommand.newCommandLine().parseArgs(command.arguments().toArray(String[]::new));
    ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    assertTrue(leaf.unmatched().isEmpty(), "unmatched: " + leaf.unmatched());
    Object parsedCommand = leaf.commandSpec().userObject();
    if (parsedCommand instanceof TrainCommand train) {
      if (train.resume) {
        return new CellCommand.Resume(train.out);
      }
      return new CellCommand.Train(runOptions(train.options, leaf, command), train.out);
    }
    if (parsedCommand instanceof TransferCommand transfer) {
      return new CellCommand.Transfer(
          transfer.sources.stream().map(Path::toString).collect(Collectors.joining(",")),
          runOptions(transfer.options, leaf, command),
          transfer.out);
    }
    if (parsedCommand instanceof EvalCommand eval) {
      return new CellCommand.Evaluate(eval.models, eval.dataset.id(), eval.out);
    }
    GridCellCommand gridCell = assertInstanceOf(GridCellCommand.class, parsedCommand);
    return new CellCommand.RunGridCell(gridCell.grid, gridCell.index);
  }

  /**
   * The run options {@code kflo train} or {@code kflo transfer} parsed; the extra arguments, which
   * a grid method passes as they are, are taken from {@code rendered} once each of its options is
   * known to have been matched by name.
   */
  private static CellCommand.RunOptions runOptions(
      TrainOptions options, ParseResult leaf, CellCommand rendered) {
    List<String> extra =
        rendered instanceof CellCommand.Train train
            ? train.options().extraArguments()
            : ((CellCommand.Transfer) rendered).options().extraArguments();
    for (String argument : extra) {
      if (argument.startsWith("--")) {
        assertTrue(leaf.hasMatchedOption(argument), argument + " is not an option of the command");
      }
    }
    return new CellCommand.RunOptions(
        options.dataset,
        options.fraction,
        options.arch,
        options.reparam,
        options.seed,
        options.epochs,
        extra);
  }

  @Test
  void anUnknownOptionDoesNotParse() {
    CommandLine commandLine = KfloCommand.newCommandLine();
    assertThrows(
        CommandLine.UnmatchedArgumentException.class,
        () -> commandLine.parseArgs("train", "--dataset-spec", "cifar10", "--out", "/tmp/x"));
  }
}
