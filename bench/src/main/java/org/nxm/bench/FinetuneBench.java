package org.nxm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nxm.admm.finetune.model.EncoderDims;
import org.nxm.admm.finetune.model.EncoderParams;
import org.nxm.admm.finetune.model.LabeledBatch;
import org.nxm.admm.finetune.model.SequenceModel;
import org.nxm.admm.finetune.model.TaskHead;
import org.nxm.admm.finetune.nn.PackedSequences;
import org.nxm.admm.finetune.optim.AdamW;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One fine-tuning step of an all-MiniLM-L6-v2-shaped encoder + 2-class head: batch 16 × 64 tokens,
 * forward, backward, AdamW update of all 22.7 M parameters. Random weights of the real shapes (the
 * cost does not depend on the values). The score is training tokens per second (one operation = one
 * token of the 1,024 a step trains on); ms per step = 1,024,000 / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FinetuneBench {
    static final int SEQUENCES = 16, TOKENS = 64;

    private SequenceModel model;
    private AdamW optimizer;
    private LabeledBatch batch;

    @Setup
    public void setup() {
        EncoderDims dims = EncoderDims.miniLmL6();
        model = new SequenceModel(EncoderParams.random(dims, 1), TaskHead.random(dims.hidden(), 2, 2));
        optimizer = AdamW.bertDefaults(model.params());
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] ids = new int[SEQUENCES][TOKENS];
        int[] labels = new int[SEQUENCES];
        for (int s = 0; s < SEQUENCES; s++) {
            for (int t = 0; t < TOKENS; t++) ids[s][t] = 1000 + rnd.nextInt(20000);
            labels[s] = s % 2;
        }
        batch = LabeledBatch.classification(PackedSequences.of(ids, null), labels);
    }

    @Benchmark
    @OperationsPerInvocation(SEQUENCES * TOKENS)
    public double trainingTokens() {
        model.zeroGrad();
        double loss = model.lossAndGradients(batch, 0, 1);
        optimizer.step(1e-5);
        return loss;
    }
}
