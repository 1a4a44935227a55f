package org.nxm.simulator.systolic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.nxm.model.data.DataDir;

/** One SCALE-Sim reference case folder from shared/data/scalesim. */
record ScaleSimCase(String name, Path dir, SystolicConfig config, List<Layer> layers, JsonNode expected) {

    static List<ScaleSimCase> all() {
        Path root = DataDir.resolve(null).resolve("scalesim");
        if (!Files.isDirectory(root)) throw new IllegalStateException("missing SCALE-Sim cases at " + root);
        try (Stream<Path> s = Files.list(root)) {
            List<ScaleSimCase> cases = s.filter(Files::isDirectory).sorted().map(ScaleSimCase::load).toList();
            if (cases.size() < 11) throw new IllegalStateException("expected 11 cases under " + root + ", found " + cases.size());
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScaleSimCase load(Path dir) {
        try {
            return new ScaleSimCase(dir.getFileName().toString(), dir, ScaleSimConfigReader.read(dir.resolve("config.cfg")),
                    TopologyReader.read(dir.resolve("topology.csv"), true),
                    new ObjectMapper().readTree(dir.resolve("expected.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() { return name; }
}
