package io.ttsgateway.timing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Oculus/Meta viseme set (API.md §7) and the one table from English phones (the CMU lexicon's, as FreeTTS writes
 * them: lowercase ARPAbet without stress) to its mouth shapes. Pure.
 */
public final class Oculus {

    public static final String SET = "oculus";
    public static final String SILENCE = "sil";

    /** The 15 names, in the set's own order. */
    public static final List<String> VISEMES =
            List.of("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "ih", "oh", "ou");

    private static final Map<String, String> BY_PHONE = Map.ofEntries(
            Map.entry("pau", "sil"),
            // lips closed
            Map.entry("p", "PP"),
            Map.entry("b", "PP"),
            Map.entry("m", "PP"),
            // lower lip to teeth
            Map.entry("f", "FF"),
            Map.entry("v", "FF"),
            // tongue between the teeth
            Map.entry("th", "TH"),
            Map.entry("dh", "TH"),
            // tongue behind the teeth
            Map.entry("t", "DD"),
            Map.entry("d", "DD"),
            // back of the tongue, and the breath of h (the mouth already open for the vowel after it)
            Map.entry("k", "kk"),
            Map.entry("g", "kk"),
            Map.entry("ng", "kk"),
            Map.entry("hh", "kk"),
            // lips pushed forward
            Map.entry("ch", "CH"),
            Map.entry("jh", "CH"),
            Map.entry("sh", "CH"),
            Map.entry("zh", "CH"),
            // teeth together
            Map.entry("s", "SS"),
            Map.entry("z", "SS"),
            // tongue up
            Map.entry("n", "nn"),
            Map.entry("l", "nn"),
            // r-coloured
            Map.entry("r", "RR"),
            Map.entry("er", "RR"),
            // open
            Map.entry("aa", "aa"),
            Map.entry("ae", "aa"),
            Map.entry("ah", "aa"),
            Map.entry("ax", "aa"),
            Map.entry("ay", "aa"),
            Map.entry("aw", "aa"),
            // mid, spread
            Map.entry("eh", "E"),
            Map.entry("ey", "E"),
            // close, spread
            Map.entry("ih", "ih"),
            Map.entry("iy", "ih"),
            Map.entry("y", "ih"),
            // rounded
            Map.entry("ao", "oh"),
            Map.entry("ow", "oh"),
            Map.entry("oy", "oh"),
            // close, rounded
            Map.entry("uh", "ou"),
            Map.entry("uw", "ou"),
            Map.entry("w", "ou"));

    private Oculus() {}

    /** The viseme of one phone (stress digits ignored: {@code aa1} is {@code aa}), empty for a phone it does not know. */
    public static Optional<String> of(String phone) {
        return Optional.ofNullable(BY_PHONE.get(phone.replaceAll("[0-9]", "")));
    }
}
