package io.kflo4j.training.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kflo4j.common.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TrainConfig}'s JSON form: {@code formatVersion} and one object per group, each the group's
 * builder (so that absent keys keep their defaults and every value goes through the builders'
 * checks). Version 1's flat layout (every field at the top level, as the group fields are named) is
 * moved into the groups on reading.
 */
final class TrainConfigJson {
  private static final String WHAT = "configuration JSON";
  private static final String VERSION = "formatVersion";

  /** Each group's field names, by group key (derived from the builders' fields). */
  private static final Map<String, List<String>> GROUP_FIELDS = groupFields();

  /** Version 1's flat keys, each with its group. */
  private static final Map<String, String> FLAT_GROUP = flatGroups();

  private TrainConfigJson() {}

  /** The layout written: the groups' builders, in this order. */
  private record Form(
      int formatVersion,
      DataSettings.Builder data,
      ModelSettings.Builder model,
      OptimizerSettings.Builder optimizer,
      ScheduleSettings.Builder schedule,
      RunSettings.Builder run) {}

  static String write(TrainConfig config) {
    return Json.write(
        new Form(
            TrainConfig.FORMAT_VERSION,
            config.data().toBuilder(),
            config.model().toBuilder(),
            config.optimizer().toBuilder(),
            config.schedule().toBuilder(),
            config.run().toBuilder()));
  }

  static TrainConfig read(String json) {
    List<String> known = new ArrayList<>(GROUP_FIELDS.keySet());
    known.add(VERSION);
    known.addAll(FLAT_GROUP.keySet());
    JsonObject object = Json.readObject(json, known.stream().distinct().toList(), WHAT);
    JsonElement version = object.remove(VERSION);
    String v = version == null ? null : version.toString();
    if (v != null && !v.equals("1") && !v.equals(String.valueOf(TrainConfig.FORMAT_VERSION))) {
      throw new IllegalArgumentException(
          "configuration formatVersion "
              + v
              + " is not supported (this version reads 1 and "
              + TrainConfig.FORMAT_VERSION
              + ")");
    }
    boolean flat =
        v == null
            ? object.entrySet().stream()
                .anyMatch(
                    e -> !e.getValue().isJsonObject() || !GROUP_FIELDS.containsKey(e.getKey()))
            : v.equals("1");
    if (flat) {
      object = nest(object);
    }
    for (String key : object.keySet()) {
      List<String> fields = GROUP_FIELDS.get(key);
      if (fields == null) {
        throw new IllegalArgumentException(
            WHAT + " has unknown keys [" + key + "]; known groups: " + GROUP_FIELDS.keySet());
      }
      if (object.get(key).isJsonObject()) {
        Json.checkKeys(object.getAsJsonObject(key), fields, WHAT + " group '" + key + "'");
      }
    }
    Form form = Json.read(object.toString(), Form.class, WHAT);
    return new TrainConfig.Builder(
            form.data(), form.model(), form.optimizer(), form.schedule(), form.run())
        .build();
  }

  /** Moves version 1's flat keys into their groups. */
  private static JsonObject nest(JsonObject flat) {
    JsonObject nested = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : flat.entrySet()) {
      String group = FLAT_GROUP.get(entry.getKey());
      if (group == null) {
        throw new IllegalArgumentException(
            WHAT + " mixes version 1's flat layout with the group '" + entry.getKey() + "'");
      }
      if (!nested.has(group)) {
        nested.add(group, new JsonObject());
      }
      nested.getAsJsonObject(group).add(entry.getKey(), entry.getValue());
    }
    return nested;
  }

  private static Map<String, List<String>> groupFields() {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (RecordComponent component : Form.class.getRecordComponents()) {
      if (!component.getType().isPrimitive()) {
        fields.put(
            component.getName(),
            Arrays.stream(component.getType().getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .toList());
      }
    }
    return fields;
  }

  private static Map<String, String> flatGroups() {
    Map<String, String> groups = new LinkedHashMap<>();
    GROUP_FIELDS.forEach((group, names) -> names.forEach(name -> groups.put(name, group)));
    return groups;
  }
}
