package org.nxm.sweep.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nxm.simulator.sweep.SweepEngine;
import org.nxm.simulator.sweep.SweepTask;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs sweep tasks as one Spark job, one Spark task per sweep task (a design × model pair). Each task's
 * rows come back to the driver as soon as that task finishes, where the sweep journals them: a driver
 * killed midway keeps every finished row. Spark reports a partition's result once, however many attempts
 * it took, so a retried task never duplicates rows (and the journal drops a key it already has).
 */
public final class SparkSweepEngine implements SweepEngine {
    /** What an executor does with one sweep task; serializable so Spark can ship it. */
    public interface Work extends Serializable {
        List<Map<String, String>> run(SweepTask task);
    }

    private final JavaSparkContext spark;
    private final Work work;

    public SparkSweepEngine(JavaSparkContext spark) { this(spark, SweepTask::run); }

    public SparkSweepEngine(JavaSparkContext spark, Work work) {
        this.spark = spark;
        this.work = work;
    }

    @Override
    public void run(List<SweepTask> tasks, Consumer<Map<String, String>> rows) {
        if (tasks.isEmpty()) return;
        JavaRDD<SweepTask> rdd = spark.parallelize(new ArrayList<>(tasks), tasks.size());
        spark.sc().runJob(rdd.rdd(), new RunPartition(work), new HandOver(rows), scala.reflect.ClassTag$.MODULE$.apply(ArrayList.class));
    }

    @Override
    public String describe() { return "Spark " + spark.master() + " (" + spark.defaultParallelism() + " task slots)"; }

    /** Executor side: the rows of the partition's sweep tasks. */
    private static final class RunPartition extends AbstractFunction1<scala.collection.Iterator<SweepTask>, ArrayList<Map<String, String>>>
            implements Serializable {
        private final Work work;

        RunPartition(Work work) { this.work = work; }

        @Override
        public ArrayList<Map<String, String>> apply(scala.collection.Iterator<SweepTask> tasks) {
            ArrayList<Map<String, String>> out = new ArrayList<>();
            while (tasks.hasNext()) out.addAll(work.run(tasks.next()));
            return out;
        }
    }

    /** Driver side, called once per finished partition: hands its rows to the sweep. */
    private static final class HandOver extends AbstractFunction2<Object, ArrayList<Map<String, String>>, BoxedUnit> {
        private final Consumer<Map<String, String>> rows;

        HandOver(Consumer<Map<String, String>> rows) { this.rows = rows; }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<Map<String, String>> result) {
            result.forEach(rows);
            return BoxedUnit.UNIT;
        }
    }
}
