package org.nxm.simulator.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points no other point beats on both axes: lower cost and higher benefit (here: an area proxy
 * and the speedup). A point is dominated if another has cost ≤ and benefit ≥ with one strict.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /** A point of the sweep on the two axes, with a label for plots. */
    public record Point(String label, double cost, double benefit) {}

    /** The non-dominated points, sorted by increasing cost. O(n log n). */
    public static List<Point> of(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        // Cost ascending; at equal cost the best benefit first, so later equal-cost points are dominated.
        sorted.sort(Comparator.comparingDouble(Point::cost).thenComparing(Point::benefit, Comparator.reverseOrder()));
        List<Point> front = new ArrayList<>();
        double bestBenefit = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            // A twin of the last front point (same cost and benefit) is not dominated by it either.
            boolean twin = !front.isEmpty() && p.benefit() == bestBenefit && p.cost() == front.get(front.size() - 1).cost();
            if (p.benefit() > bestBenefit || twin) {
                front.add(p);
                bestBenefit = p.benefit();
            }
        }
        return front;
    }

    /** Plain O(n²) definition, the test reference for {@link #of}. */
    public static boolean dominated(Point p, List<Point> all) {
        for (Point q : all) {
            if (q == p) continue;
            boolean noWorse = q.cost() <= p.cost() && q.benefit() >= p.benefit();
            boolean better = q.cost() < p.cost() || q.benefit() > p.benefit();
            if (noWorse && better) return true;
        }
        return false;
    }
}
