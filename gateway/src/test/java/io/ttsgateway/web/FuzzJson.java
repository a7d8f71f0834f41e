package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Random JSON values as text: every type, numbers past every range, arrays and objects a few levels deep. */
final class FuzzJson {

    private FuzzJson() {}

    /** Any JSON value, nested at most {@code depth} levels. */
    static Gen<String> values(int depth) {
        Gen<String> scalars = Generate.frequency(List.of(
                Pair.of(3, FuzzText.jsonText().map(text -> "\"" + text + "\"")),
                Pair.of(2, numbers()),
                Pair.of(1, hugeNumbers()),
                Pair.of(1, Generate.pick(List.of("true", "false", "null", "\"\"", "\" \"")))));
        if (depth == 0) {
            return scalars;
        }
        Gen<String> inner = values(depth - 1);
        Gen<String> arrays = lists().of(inner).ofSizeBetween(0, 4).map(items -> "[" + String.join(",", items) + "]");
        Gen<String> objects = lists().of(FuzzText.jsonText().zip(inner, (key, value) -> "\"" + key + "\":" + value))
                .ofSizeBetween(0, 4)
                .map(members -> "{" + String.join(",", members) + "}");
        return Generate.frequency(List.of(Pair.of(4, scalars), Pair.of(1, arrays), Pair.of(1, objects)));
    }

    /** Ordinary numbers, including the edges of the fields that take numbers. */
    static Gen<String> numbers() {
        Gen<String> edges = Generate.pick(List.of(
                "0",
                "-0",
                "1",
                "-1",
                "0.5",
                "0.25",
                "4.0",
                "4.01",
                "0.2499",
                "300",
                "301",
                "4294967295",
                "4294967296",
                "-0.0",
                "1E2",
                "1e-7"));
        Gen<String> ints = integers().all().map(i -> Integer.toString(i));
        return edges.mix(ints, 30);
    }

    /** Numbers beyond long and double, and beyond the longest number Jackson reads. */
    static Gen<String> hugeNumbers() {
        Gen<String> edges = Generate.pick(List.of(
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999999999",
                "1e308",
                "1e309",
                "-1e309",
                "1.7976931348623157e308",
                "4.9e-324",
                "1e-400",
                "1e999999999",
                "-1e999999999",
                "1E+2147483648",
                "0.000000000000000000000000000000000000000000001"));
        Gen<String> digits = integers()
                .between(19, 1_200)
                .zip(Generate.booleans(), (n, negative) -> (negative ? "-" : "") + "9".repeat(n));
        Gen<String> fractions = integers().between(1, 1_200).map(n -> "0." + "0".repeat(n) + "1");
        return Generate.frequency(List.of(Pair.of(2, edges), Pair.of(2, digits), Pair.of(1, fractions)));
    }
}
