package org.nxm.cli.finetune;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nxm.admm.finetune.FineTuning;
import org.nxm.admm.finetune.task.GlueTask;
import org.nxm.cli.JsonOutput;

/** Table lines and JSON objects of fine-tuning results. */
final class Report {
    private Report() {}

    static String header(GlueTask task) {
        return String.format("%-10s %6s %8s %8s %7s %10s %9s", "method", "seed", "accuracy",
                task == GlueTask.MRPC ? "F1" : "", "steps", "train s", "s/step");
    }

    static String line(FineTuning.Outcome r, GlueTask task) {
        return String.format("%-10s %6d %8.2f %8s %7d %10.1f %9.3f", r.label(), r.seed(), 100 * r.scores().accuracy(),
                task == GlueTask.MRPC ? String.format("%.2f", 100 * r.scores().f1()) : "", r.training().steps(),
                r.training().seconds(), r.training().medianStepSeconds());
    }

    static Map<String, Object> row(FineTuning.Outcome r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.label());
        m.put("seed", r.seed());
        m.put("accuracy", 100 * r.scores().accuracy());
        m.put("f1", 100 * r.scores().f1());
        m.put("eval_examples", r.scores().examples());
        m.put("steps", r.training().steps());
        m.put("train_seconds", r.training().seconds());
        m.put("median_step_seconds", r.training().medianStepSeconds());
        m.put("final_train_loss", r.training().finalLoss());
        return m;
    }

    static String json(Object o) {
        return JsonOutput.pretty(o);
    }
}
