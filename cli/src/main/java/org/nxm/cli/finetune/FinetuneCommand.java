package org.nxm.cli.finetune;

import org.nxm.admm.io.FineTunedModelFile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nxm.admm.finetune.FineTuneOptions;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.Method;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.cli.model.ModelOptions;
import org.nxm.model.transformer.EncoderModel;
import org.nxm.model.transformer.TransformerWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nxm finetune}: fine-tune all-MiniLM-L6-v2 + a head on a GLUE task with one method. */
@Command(name = "finetune", header = "Fine-tune MiniLM on SST-2/MRPC, dense or N:M (asp, srste, admm).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune all-MiniLM-L6-v2 with a classification head on SST-2 or MRPC, dense or N:M sparse "
                + "(asp: magnitude prune then masked fine-tune; srste: sparse forward, straight-through gradient; "
                + "admm: NxMTransformer ADMM during fine-tuning, then hard prune and masked fine-tune).",
                "Progress (loss, step time, ADMM primal residual) goes to stderr; the result line to stdout.",
                "Saves the encoder under Hugging Face names with __metadata__ nxm.pattern, the head beside it as <out>.head.safetensors."},
        footer = {"", "Example:", "  nxm finetune --task sst2 --method admm --train-examples 2000 --epochs 2 --seed 1 --out sst2-admm.safetensors"})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "METHOD", names = "--method", defaultValue = "admm", description = "dense, asp, srste or admm (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--kd", description = "distil from a dense fine-tuned teacher (trained first with the same budget unless --teacher)")
    boolean kd;

    @Option(paramLabel = "FILE", names = "--teacher", description = "dense fine-tuned weights from 'nxm finetune --method dense' (its .head.safetensors beside it)")
    Path teacher;

    @Option(paramLabel = "FILE.safetensors", names = "--init", description = "start from these encoder weights instead of the pretrained ones, e.g. "
            + "an 'nxm prune --method admm' output; with --method asp the mask is their N:M support (layer-wise ADMM + masked fine-tuning)")
    Path init;

    @Option(paramLabel = "N", names = "--seed", defaultValue = "1", description = "training seed: batch order, head init (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(paramLabel = "PATH", names = "--out", required = true, description = "output weights (.safetensors)")
    Path out;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        GlueTask task = GlueTask.parse(training.task);
        Method m = Method.parse(method);
        if (teacher != null && !kd) throw new org.nxm.cli.Nxm.UserError("--teacher needs --kd");
        training.options(1, 0); // validate every option before the model loads
        org.nxm.model.data.DataDir.resolve(training.dataDir);
        EncoderModel mini = source.load();
        GlueTask.Data data = task.load(training.dataDir, mini.tokenizer(), training.trainExamples);
        FineTuneOptions o = training.options(data.train().size(), seed);
        err.println("finetune: " + data.description() + "; " + o.train().steps() + " steps of batch " + o.train().batchSize());
        err.flush();
        EncoderParams pretrained = init == null ? FineTuning.params(mini.weights())
                : FineTuning.params(FineTunedModelFile.encoder(init, mini.weights()));
        if (init != null) err.println("finetune: starting from " + init);
        float[][] teacherLogits = null;
        if (kd) {
            teacherLogits = teacher != null
                    ? FineTuning.teacherLogits(FineTunedModelFile.load(teacher, mini.weights(), task), data)
                    : trainTeacher(pretrained, data, o, err);
        }
        FineTuning.Outcome r = FineTuning.run(pretrained, data, m, o, teacherLogits, line -> progress(err, line));
        FineTuning.save(out, r, mini.weights().config(), task, o.pattern().toString());
        if (json) {
            outw.println(Report.json(Map.of("task", task.cliName(), "result", Report.row(r))));
        } else {
            outw.println(Report.header(task));
            outw.println(Report.line(r, task));
            outw.println("wrote " + out + " and " + FineTuning.headPath(out));
        }
        outw.flush();
        return 0;
    }

    private static float[][] trainTeacher(EncoderParams pretrained, GlueTask.Data data, FineTuneOptions o, PrintWriter err) {
        err.println("finetune: --kd without --teacher: fine-tuning the dense teacher first (same budget and seed)");
        FineTuning.Outcome t = FineTuning.run(pretrained, data, Method.DENSE, o, null, line -> progress(err, line));
        err.printf("finetune: teacher eval accuracy %.4f%n", t.scores().accuracy());
        return FineTuning.teacherLogits(t.model(), data);
    }

    static void progress(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
