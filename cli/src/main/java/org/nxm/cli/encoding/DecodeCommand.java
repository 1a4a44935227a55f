package org.nxm.cli.encoding;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nxm.cli.Nxm;
import org.nxm.compiler.encoding.CompressedMatrix;
import org.nxm.compiler.encoding.EncodedSafetensors;
import org.nxm.compiler.encoding.DenseMatrix;
import org.nxm.model.io.safetensors.SafeTensor;
import org.nxm.model.io.safetensors.SafetensorsFile;
import org.nxm.model.io.safetensors.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nxm decode}: compressed values + metadata → the dense tensors. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Restore the dense tensors of a file written by nxm encode.",
                "Each NAME.values + NAME.meta pair "
                + "becomes NAME again (zeros where nothing was kept); other tensors are copied. The output keeps "
                + "nxm.pattern in __metadata__, so nxm verify accepts it as a dense pruned file."},
        footer = {"", "Example:", "  nxm decode packed.safetensors --out dense.safetensors"})
public final class DecodeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.safetensors", description = "file written by nxm encode")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "output file")
    Path out;

    @Override
    public Integer call() {
        SafetensorsFile f = SafetensorsFile.open(in);
        EncodedSafetensors.layout(f); // the file must say it is encoded
        List<String> names = EncodedSafetensors.encodedNames(f);
        Map<String, CompressedMatrix> compressed = new LinkedHashMap<>();
        Map<String, DenseMatrix> dense = new LinkedHashMap<>();
        for (String name : names) {
            compressed.put(name, EncodedSafetensors.read(f, name));
            dense.put(name, EncodedSafetensors.decode(f, name)); // every code checked before anything is written
        }
        Set<String> parts = new HashSet<>();
        for (String n : names) {
            parts.add(n + EncodedSafetensors.VALUES);
            parts.add(n + EncodedSafetensors.META);
        }
        PrintWriter o = spec.commandLine().getOut();
        List<SafeTensor> outTensors = new ArrayList<>();
        for (String t : f.names()) {
            if (!parts.contains(t)) {
                outTensors.add(f.get(t));
                continue;
            }
            if (!t.endsWith(EncodedSafetensors.VALUES)) continue;
            String name = t.substring(0, t.length() - EncodedSafetensors.VALUES.length());
            if (f.contains(name)) throw new Nxm.UserError(in + ": decoded name '" + name + "' collides with an existing tensor");
            CompressedMatrix c = compressed.get(name);
            outTensors.add(dense.get(name).toSafeTensor(name));
            o.println(name + ": " + c.dtype().longName() + " [" + c.rows() + ", " + c.cols() + "] restored from " + c.pattern() + " " + c.layout());
        }
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.remove(EncodedSafetensors.LAYOUT_KEY);
        meta.put(EncodedSafetensors.PRUNED_KEY, String.join(",", names));
        SafetensorsWriter.write(out, outTensors, meta);
        o.println("wrote " + out + " (" + names.size() + " tensors decoded)");
        o.flush();
        return Nxm.EXIT_OK;
    }
}
