package io.ttsgateway.web;

/** Whether a raw request path is spelled the one way a route may be reached by (API.md §10). Pure. */
final class PathSpelling {

    private PathSpelling() {}

    /**
     * @param rawPath the path as sent, still percent-encoded; null or empty counts as {@code /}
     * @return false for {@code ;}, {@code \}, {@code //}, {@code .} or {@code ..} segments (also encoded), an encoded
     *     {@code /}, {@code \} or {@code ;}, a control character, or a malformed {@code %} escape
     */
    static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return true;
        }
        if (rawPath.charAt(0) != '/') {
            return false;
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            // An empty segment is '//' inside the path; at the end it is a trailing '/', which simply matches nothing.
            if (segment.isEmpty() ? !last : !canonicalSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canonicalSegment(String segment) {
        StringBuilder decoded = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return false;
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                c = (char) (high * 16 + low);
                i += 2;
            }
            if (c == ';' || c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            decoded.append(c);
        }
        String value = decoded.toString();
        return !value.equals(".") && !value.equals("..");
    }
}
