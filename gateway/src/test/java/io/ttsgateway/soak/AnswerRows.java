package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * What callers got, against what the providers sent: a complete answer is exactly the serving provider's audio, a
 * stream is broken only where the provider broke it (API.md §1: never a short "complete" one), the characters header
 * is what the text costs, and no ElevenLabs call goes out for a caller who has already left.
 */
final class AnswerRows {

    /** How long after a caller left a gateway may still be calling for it (it learns of the close on its own). */
    private static final long AFTER_LEAVING_NANOS = 500_000_000L;

    private final SoakProvider phoenix;
    private final SoakProvider elevenLabs;
    private final GatewayProcess gateway;
    private final StallWatch stalls;

    AnswerRows(SoakProvider phoenix, SoakProvider elevenLabs, GatewayProcess gateway, StallWatch stalls) {
        this.phoenix = phoenix;
        this.elevenLabs = elevenLabs;
        this.gateway = gateway;
        this.stalls = stalls;
    }

    void add(Report report, List<Exchange> all) {
        List<String> wrong = new ArrayList<>();
        List<String> charsHeader = new ArrayList<>();
        List<String> stalled = new ArrayList<>();
        long whole = 0;
        long broken = 0;
        for (Exchange e : all) {
            RawHttp.Response r = e.response();
            if (r.status() != 200) {
                continue;
            }
            String header = r.header("X-TTS-Characters");
            if (header == null || Integer.parseInt(header) != e.chars()) {
                charsHeader.add(e.id() + " header " + header + ", text " + e.chars());
            }
            String provider = r.header("X-TTS-Provider");
            List<SoakProvider.Receipt> receipts =
                    "elevenlabs".equals(provider) ? elevenLabs.receipts(e.id()) : phoenix.receipts(e.id());
            if (receipts.isEmpty()) {
                wrong.add(e.id() + ": served by " + provider + ", which never received it");
                continue;
            }
            Answer given = receipts.get(receipts.size() - 1).answer();
            if (r.complete()) {
                whole++;
                if (!given.completeAudio() || r.bodyBytes() != given.audioLength() || r.crc() != given.audioCrc()) {
                    wrong.add(e.id() + ": complete answer of " + r.bodyBytes() + " bytes, provider's last answer "
                            + given.label() + " of " + given.audioLength() + " bytes"
                            + (r.crc() != given.audioCrc() ? ", bytes differ" : ""));
                }
            } else if (!r.left()) {
                broken++;
                boolean providerBroke = given.kind() == Answer.Kind.RESET || given.kind() == Answer.Kind.IDLE_GAP;
                String access = String.valueOf(gateway.accessLine(e.id()));
                if (!providerBroke
                        && access.contains("\"error\":\"Timeout\"")
                        && stalls.stalledBetween(e.startNanos(), e.endNanos())) {
                    stalled.add(e.id() + ": cut by a provider timeout while the machine stalled");
                } else if (!e.surface().streamed || !providerBroke) {
                    wrong.add(e.id() + ": " + e.surface().label() + " " + e.kind() + " cut after " + r.bodyBytes()
                            + " bytes (" + r.transportError() + "), provider's last answer " + given.label());
                }
            }
        }
        report.check(
                "answers: whole = the provider's audio byte for byte; broken only where the provider broke",
                "0 wrong",
                String.format("%d wrong (%d whole, %d broken)", wrong.size(), whole, broken),
                wrong.isEmpty());
        wrong.stream().limit(50).forEach(w -> report.detail("wrong answer: " + w + " | " + accessLine(w)));
        report.info(
                "answers cut by a provider timeout while the machine stalled (not the gateway's doing)",
                "",
                Integer.toString(stalled.size()));
        stalled.forEach(w -> report.detail("stalled answer: " + w + " | " + accessLine(w)));
        report.check(
                "X-TTS-Characters = code points of the trimmed text",
                "0 differ",
                charsHeader.size() + " differ",
                charsHeader.isEmpty());
        charsHeader.stream().limit(20).forEach(c -> report.detail("characters header: " + c));

        List<String> late = new ArrayList<>();
        List<String> lateInStall = new ArrayList<>();
        for (Exchange e : all) {
            if (!e.response().hungUp() && !e.response().left()) {
                continue;
            }
            elevenLabs.receipts(e.id()).stream()
                    .filter(r -> r.atNanos() > e.endNanos() + AFTER_LEAVING_NANOS)
                    .forEach(r -> (stalls.stalledBetween(e.endNanos(), r.atNanos()) ? lateInStall : late)
                            .add(String.format(
                                    "%s: ElevenLabs called %.1f s after the caller left (%s)",
                                    e.id(), (r.atNanos() - e.endNanos()) / 1e9, e.kind())));
        }
        report.check(
                "no ElevenLabs call for a caller who had left", "0", Integer.toString(late.size()), late.isEmpty());
        late.stream().limit(30).forEach(l -> report.detail("late call: " + l + " | " + accessLine(l)));
        lateInStall.forEach(l -> report.detail("late call while the machine stalled: " + l + " | " + accessLine(l)));
    }

    private String accessLine(String line) {
        String id = line.substring(0, line.indexOf(':'));
        return String.valueOf(gateway.accessLine(id));
    }
}
