package org.nxm.traces.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.nxm.traces.TraceHeader;
import org.nxm.traces.analysis.LayerBreakdown;
import org.nxm.traces.analysis.Timeline;
import org.nxm.traces.analysis.TraceStats;
import org.nxm.traces.synthetic.SyntheticWorkload;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PlotsTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** Well-formed, an svg root, and at least minPaths paths whose d draws at least one segment. */
    private static Document check(String svg, int minPaths) throws Exception {
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        NodeList paths = d.getElementsByTagNameNS("*", "path");
        assertTrue(paths.getLength() >= minPaths, "paths: " + paths.getLength());
        for (int i = 0; i < paths.getLength(); i++) {
            String dAttr = ((Element) paths.item(i)).getAttribute("d");
            assertTrue(dAttr.startsWith("M") && dAttr.contains(" L"), dAttr);
            assertTrue(!dAttr.contains("NaN") && !dAttr.contains("Infinity"), dAttr);
        }
        return d;
    }

    @Test
    void allFourPlotsAreWellFormedWithNonEmptyMarks() throws Exception {
        SyntheticWorkload.Spec spec = SyntheticWorkload.Spec.minilm(2, 4);
        TraceHeader h = SyntheticWorkload.header(spec);
        TraceStats stats = new TraceStats(h);
        SyntheticWorkload.generate(spec, stats, Long.MAX_VALUE);
        Timeline t = new Timeline(h, Math.max(1, stats.cycles() / 200), stats.cycles());
        SyntheticWorkload.generate(spec, t, Long.MAX_VALUE);
        LayerBreakdown layers = LayerBreakdown.of(stats);

        check(Plots.utilisation(t, "util <&> \"test\""), 4); // one line per unit kind
        check(Plots.bandwidth(t, "bw"), 2);
        Document bars = parse(Plots.layers(layers, "layers"));
        assertEquals(layers.layers().size() + 2, bars.getElementsByTagNameNS("*", "rect").getLength() - 1); // + legend, - background
        Document roof = check(Plots.roofline(layers, "roofline"), 1);
        assertEquals(layers.layers().stream().filter(r -> r.intensity() != null && r.macs() > 0).count(),
                roof.getElementsByTagNameNS("*", "circle").getLength());
    }

    @Test
    void axisTicksAreReadable() {
        Axis lin = new Axis(0, 1234, 0, 100, false);
        assertEquals(java.util.List.of(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0), lin.ticks());
        Axis log = new Axis(0.1, 1000, 0, 100, true);
        assertEquals(5, log.ticks().size());
        assertEquals(0.0, log.px(0.1), 1e-9);
        assertEquals(100.0, log.px(1000), 1e-9);
        assertEquals("1.5k", Axis.label(1500));
        assertEquals("2M", Axis.label(2e6));
    }
}
