package io.shrapnel.codecs.amqp;

/**
 * The unsigned field types of AMQP field tables, which have no Java type of their own. Every other
 * field type maps to a plain Java value:
 *
 * <table>
 * <caption>Field types (RabbitMQ's reading of the 0-9-1 table)</caption>
 * <tr><th>tag</th><th>AMQP type</th><th>Java</th></tr>
 * <tr><td>t</td><td>boolean</td><td>{@code Boolean}</td></tr>
 * <tr><td>b</td><td>short-short-int</td><td>{@code Byte}</td></tr>
 * <tr><td>B</td><td>short-short-uint</td><td>{@link UnsignedByte}</td></tr>
 * <tr><td>s (U)</td><td>short-int</td><td>{@code Short}</td></tr>
 * <tr><td>u</td><td>short-uint</td><td>{@link UnsignedShort}</td></tr>
 * <tr><td>I</td><td>long-int</td><td>{@code Integer}</td></tr>
 * <tr><td>i</td><td>long-uint</td><td>{@link UnsignedInt}</td></tr>
 * <tr><td>l (L)</td><td>long-long-int</td><td>{@code Long}</td></tr>
 * <tr><td>f</td><td>float</td><td>{@code Float}</td></tr>
 * <tr><td>d</td><td>double</td><td>{@code Double}</td></tr>
 * <tr><td>D</td><td>decimal</td><td>{@code BigDecimal} (scale 0-255, unscaled value an int)</td></tr>
 * <tr><td>S</td><td>long-string</td><td>{@code String} (UTF-8)</td></tr>
 * <tr><td>x</td><td>byte array</td><td>{@code byte[]}</td></tr>
 * <tr><td>A</td><td>field-array</td><td>{@code List<?>}</td></tr>
 * <tr><td>T</td><td>timestamp</td><td>{@code Instant} (whole seconds)</td></tr>
 * <tr><td>F</td><td>field-table</td><td>{@code Map<String, ?>}</td></tr>
 * <tr><td>V</td><td>void</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>The 0-9-1 spec's own table differs from what RabbitMQ and Qpid speak (its {@code s} is a
 * short string, its {@code U}/{@code L} are the signed types): the encoder writes RabbitMQ's tags,
 * the decoder also accepts {@code U} and {@code L}.
 */
public final class FieldValue {
    private FieldValue() {}

    /** AMQP short-short-uint (tag {@code B}), 0-255. */
    public record UnsignedByte(int value) {
        public UnsignedByte {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("an unsigned byte is 0-255, not " + value);
            }
        }
    }

    /** AMQP short-uint (tag {@code u}), 0-65535. */
    public record UnsignedShort(int value) {
        public UnsignedShort {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("an unsigned short is 0-65535, not " + value);
            }
        }
    }

    /** AMQP long-uint (tag {@code i}), 0-4294967295. */
    public record UnsignedInt(long value) {
        public UnsignedInt {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("an unsigned int is 0-4294967295, not " + value);
            }
        }
    }
}
