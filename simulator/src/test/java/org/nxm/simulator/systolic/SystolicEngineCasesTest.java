package org.nxm.simulator.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SystolicEngineCasesTest {
    static List<ScaleSimCase> cases() { return ScaleSimCase.all(); }

    @ParameterizedTest
    @MethodSource("cases")
    void reproducesScaleSim(ScaleSimCase c) {
        SystolicEngine engine = new SystolicEngine();
        for (int i = 0; i < c.layers().size(); i++) {
            LayerResult r = engine.run(c.config(), c.layers().get(i));
            CaseAssertions.assertMatches(c.expected().get("layers").get(i), r, c.name() + " layer " + i);
        }
    }
}
