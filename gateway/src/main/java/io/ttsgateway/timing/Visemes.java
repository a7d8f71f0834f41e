package io.ttsgateway.timing;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Mouth shapes over time (API.md §7): one name of {@link Oculus#VISEMES} per window, windows in order, never overlapping. */
public final class Visemes {

    private final List<String> names = new ArrayList<>();
    private final List<double[]> windows = new ArrayList<>();

    /** The visemes of phones a provider spoke, at their own times ({@code pau} is {@code sil}). */
    public static Visemes ofPhones(Alignment phones) {
        Visemes visemes = new Visemes();
        for (int i = 0; i < phones.size(); i++) {
            double start = phones.starts()[i];
            double end = phones.ends()[i];
            Oculus.of(phones.characters().get(i)).ifPresent(v -> visemes.add(v, start, end));
        }
        return visemes;
    }

    void add(String viseme, double start, double end) {
        if (end <= start) {
            return;
        }
        int last = names.size() - 1;
        if (last >= 0 && names.get(last).equals(viseme) && windows.get(last)[1] >= start) {
            // The same shape again at once: one longer window, not two.
            windows.get(last)[1] = end;
            return;
        }
        names.add(viseme);
        windows.add(new double[] {start, end});
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public double start(int i) {
        return windows.get(i)[0];
    }

    public double end(int i) {
        return windows.get(i)[1];
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public int size() {
        return names.size();
    }

    /** {@code {"set": "oculus", "visemes": [...], "start_times_seconds": [...], "end_times_seconds": [...]}} */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("set", Oculus.SET);
        var list = node.putArray("visemes");
        names.forEach(list::add);
        var starts = node.putArray("start_times_seconds");
        var ends = node.putArray("end_times_seconds");
        for (double[] window : windows) {
            starts.add(Alignment.round(window[0]));
            ends.add(Alignment.round(window[1]));
        }
        return node;
    }
}
