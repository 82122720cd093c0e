package dev.wsjwt.container;

import java.util.List;

/**
 * A Jakarta WebSocket path template ({@code /ws/rooms/{room}}): which request paths it matches,
 * and the servlet URL pattern that covers it (exact, or the literal prefix and {@code /*}).
 */
record PathTemplate(String template, List<String> segments) {

    static PathTemplate of(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path '" + template + "' must start with '/'");
        }
        return new PathTemplate(template, List.of(template.substring(1).split("/", -1)));
    }

    boolean matches(String path) {
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
        if (parts.length != segments.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            String segment = segments.get(i);
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (variable ? parts[i].isEmpty() : !segment.equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    String urlPattern() {
        int variable = template.indexOf('{');
        if (variable < 0) {
            return template;
        }
        String prefix = template.substring(0, template.lastIndexOf('/', variable));
        return prefix + "/*";
    }
}
