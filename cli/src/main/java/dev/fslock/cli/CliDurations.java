package dev.fslock.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * DURATION on the command line: plain seconds ({@code 10}, {@code 0.5}) or a number with a unit
 * ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}), as {@code timeout(1)} and {@code sleep(1)}
 * take them.
 */
final class CliDurations implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ms|s|m|h)?");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: give seconds (10, 0.5)"
                    + " or a number with ms, s, m or h (500ms, 10s, 2m, 1h)");
        }
        long unitNanos = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 1_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos))
                .setScale(0, RoundingMode.CEILING);
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too long a duration (leave out --timeout"
                    + " to wait as long as it takes)");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }
}
