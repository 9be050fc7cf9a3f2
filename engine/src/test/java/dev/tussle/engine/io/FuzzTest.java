package dev.tussle.engine.io;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutations and truncations of valid files: each must decode or throw
 * {@link CheckpointException}, never another exception. Hangs and huge allocations would show as
 * a timeout or an OutOfMemoryError, which also fail the test.
 */
class FuzzTest {
    private static final int CASES = 12_000;

    /** A real training checkpoint, so that mutations also reach its metadata parsing. */
    private static byte[] checkpoint() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("model.w", Tensor.randn(new Rng(5), DType.F32, 0, 1, 2, 2));
        m.put("optimizer.w.exp_avg", Tensor.zeros(DType.F32, 2, 2));
        return SafeTensors.encode(m, Map.of("tussle.model", "Linear(2, 2)", "tussle.step", "3",
                "tussle.optimizer_step", "3", "tussle.rng", "1,-2,3,4,0,5"));
    }

    private static byte[] valid(int variant) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layers.0.weight", Tensor.randn(new Rng(variant), DType.F32, 0, 1, 3, 4));
        m.put("layers.0.bias", Tensor.randn(new Rng(variant + 1), DType.F64, 0, 1, 4));
        m.put("s", Tensor.scalar(1.0));
        return SafeTensors.encode(m, Map.of("tussle.model", "Mlp(sizes=[3, 4])", "tussle.step", "7"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void mutatedFilesLoadOrThrowCheckpointException() {
        Rng rng = new Rng(20261122);
        byte[][] seeds = {valid(1), valid(2), checkpoint()};
        int loaded = 0;
        int rejected = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] f = mutate(seeds[c % seeds.length].clone(), rng);
            try {
                SafeTensors.Contents contents = SafeTensors.decode(f);
                if (c % seeds.length == 2) {
                    TrainingCheckpoint.fromContents(contents);
                }
                loaded++;
            } catch (CheckpointException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("case " + c + " threw " + e + " for bytes " + Arrays.toString(Arrays.copyOf(f, Math.min(f.length, 300))), e);
            }
        }
        System.out.println("FuzzTest: " + loaded + " loaded, " + rejected + " rejected");
        assertThat(loaded + rejected).isEqualTo(CASES);
        assertThat(rejected).isGreaterThan(CASES / 4);
        assertThat(loaded).isGreaterThan(0); // data-byte flips still load
    }

    private static byte[] mutate(byte[] f, Rng rng) {
        int headerLen = (int) ByteBuffer.wrap(f, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int kind = rng.nextInt(8);
        switch (kind) {
            case 0 -> { // truncate anywhere
                return Arrays.copyOf(f, rng.nextInt(f.length));
            }
            case 1 -> { // flip random bits anywhere
                int flips = 1 + rng.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    f[rng.nextInt(f.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                return f;
            }
            case 2 -> { // overwrite a header byte with a JSON-significant character
                byte[] chars = "{}[]\",:0123456789-.eE \\u".getBytes(StandardCharsets.US_ASCII);
                f[8 + rng.nextInt(headerLen)] = chars[rng.nextInt(chars.length)];
                return f;
            }
            case 3 -> { // corrupt the header length
                long n = switch (rng.nextInt(4)) {
                    case 0 -> rng.nextLong();
                    case 1 -> headerLen + rng.nextInt(64) - 32;
                    case 2 -> 100_000_001L;
                    default -> -1L;
                };
                ByteBuffer.wrap(f, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(n);
                return f;
            }
            case 4 -> { // replace a digit run in the header with a random number
                String h = new String(f, 8, headerLen, StandardCharsets.ISO_8859_1);
                int at = 8 + rng.nextInt(headerLen);
                String[] numbers = {"0", "1", "4294967296", "2147483647", "9223372036854775807", "-5", "1e3",
                        "99999999999999999999999", "12"};
                String num = numbers[rng.nextInt(numbers.length)];
                String patched = h.substring(0, at - 8) + num + h.substring(Math.min(headerLen, at - 8 + 1));
                byte[] hb = patched.getBytes(StandardCharsets.ISO_8859_1);
                byte[] out = new byte[8 + hb.length + f.length - 8 - headerLen];
                ByteBuffer.wrap(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length);
                System.arraycopy(hb, 0, out, 8, hb.length);
                System.arraycopy(f, 8 + headerLen, out, 8 + hb.length, f.length - 8 - headerLen);
                return out;
            }
            case 5 -> { // delete a range of bytes
                int a = rng.nextInt(f.length);
                int b = a + rng.nextInt(Math.min(16, f.length - a) + 1);
                byte[] out = new byte[f.length - (b - a)];
                System.arraycopy(f, 0, out, 0, a);
                System.arraycopy(f, b, out, a, f.length - b);
                return out;
            }
            case 6 -> { // duplicate a range of bytes
                int a = rng.nextInt(f.length);
                int len = rng.nextInt(Math.min(32, f.length - a) + 1);
                byte[] out = new byte[f.length + len];
                System.arraycopy(f, 0, out, 0, a + len);
                System.arraycopy(f, a, out, a + len, f.length - a);
                return out;
            }
            default -> { // random bytes inside the data section only: must still load
                int dataStart = 8 + headerLen;
                f[dataStart + rng.nextInt(f.length - dataStart)] = (byte) rng.nextLong();
                return f;
            }
        }
    }
}
