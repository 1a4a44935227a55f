package org.nxm.cli.finetune;

import org.nxm.admm.io.FineTunedModelFile;

import java.io.PrintWriter;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nxm.admm.finetune.experiment.FinetuneGrid;
import org.nxm.admm.finetune.experiment.RunKey;
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
@Command(name = "finetune", header = "Fine-tune MiniLM on a GLUE task (RTE, MRPC, CoLA, STS-B, SST-2), dense or N:M.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune all-MiniLM-L6-v2 with a task head on RTE, MRPC (pair classification), CoLA, SST-2 "
                + "(sentence classification) or STS-B (regression of the 0-5 score), dense or N:M sparse "
                + "(asp: magnitude prune then masked fine-tune; srste: sparse forward, straight-through gradient; "
                + "admm: NxMTransformer ADMM during fine-tuning, then hard prune and masked fine-tune; "
                + "lwadmm, lwsparsegpt, lwwanda: start from that layer-wise pruner's weights (--init, from nxm prune) "
                + "and fine-tune under their support). "
                + "Scores with GLUE's metric: accuracy (RTE, SST-2), F1/accuracy (MRPC), Matthews correlation (CoLA), "
                + "Pearson/Spearman (STS-B).",
                "Progress (loss, step time, ADMM primal residual) goes to stderr; the result line to stdout.",
                "Saves the encoder under Hugging Face names with __metadata__ nxm.pattern, the head beside it as <out>.head.safetensors."},
        footer = {"", "Examples:", "  nxm finetune --task rte --method admm --epochs 3 --seed 1 --out rte-admm.safetensors",
                "  nxm finetune --task stsb --method asp --layers ffn --holdout 0.1 --epochs 3 --out stsb-asp.safetensors --json"})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Mixin
    ModelOptions source;

    @Option(paramLabel = "METHOD", names = "--method", defaultValue = "admm", description = "dense, asp, srste, admm, lwadmm, lwsparsegpt or lwwanda (default: ${DEFAULT-VALUE})")
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
        if (training.task == null) throw new org.nxm.cli.Nxm.UserError("--task: expected rte, mrpc, cola, stsb or sst2");
        GlueTask task = GlueTask.parse(training.task);
        Method m = Method.parse(method);
        if (teacher != null && !kd) throw new org.nxm.cli.Nxm.UserError("--teacher needs --kd");
        if (m.layerwisePruner() != null && init == null) {
            throw new org.nxm.cli.Nxm.UserError("--method " + m.cliName() + " needs --init (weights from 'nxm prune --method " + m.layerwisePruner() + "')");
        }
        training.options(1, 0); // validate every option before the model loads
        org.nxm.model.data.DataDir.resolve(training.dataDir);
        task.validate(training.dataDir, training.evalData);
        EncoderModel mini = source.load();
        GlueTask.Data data = training.load(task, mini.tokenizer());
        FineTuneOptions o = training.options(data.train().size(), seed);
        err.println("finetune: " + data.description() + "; " + o.train().steps() + " steps of batch " + o.train().batchSize());
        err.flush();
        EncoderParams pretrained = FineTuning.params(mini.weights());
        EncoderParams start = init == null ? pretrained : FineTuning.params(FineTunedModelFile.encoder(init, mini.weights()));
        if (init != null) err.println("finetune: starting from " + init);
        float[][] teacherLogits = null;
        if (kd) {
            teacherLogits = teacher != null
                    ? FineTuning.teacherLogits(FineTunedModelFile.load(teacher, mini.weights(), task), data)
                    : trainTeacher(pretrained, data, o, err);
        }
        FineTuning.Outcome r = FineTuning.run(start, pretrained, data, m, o, teacherLogits, line -> progress(err, line));
        FineTuning.save(out, r, mini.weights().config(), task, o.pattern().toString());
        // The start weights are a setting of this run whatever its method: named by content, as in finetune-compare.
        String settings = training.settings() + (init == null ? "" : " init=" + RunKey.fileDigest(init));
        ObjectNode rec = FinetuneGrid.RunRecord.of(FinetuneGrid.key(task, r.label(), seed, settings), task, data, o, settings, r);
        if (json) {
            outw.println(Report.json(rec));
        } else {
            outw.println(Report.header());
            outw.println(Report.line(rec));
            outw.println("wrote " + out + " and " + FineTuning.headPath(out));
        }
        outw.flush();
        return 0;
    }

    private static float[][] trainTeacher(EncoderParams pretrained, GlueTask.Data data, FineTuneOptions o, PrintWriter err) {
        err.println("finetune: --kd without --teacher: fine-tuning the dense teacher first (same budget and seed)");
        FineTuning.Outcome t = FineTuning.run(pretrained, data, Method.DENSE, o, null, line -> progress(err, line));
        err.printf("finetune: teacher %s %.2f%n", data.task().metricName(), data.task().score(t.scores()));
        return FineTuning.teacherLogits(t.model(), data);
    }

    static void progress(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
