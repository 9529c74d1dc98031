package io.shrapnel.rpc;

import javax.management.ConstructorParameters;
import java.util.List;
import java.util.Map;

/**
 * RPC counters of this JVM as JMX sees them, one bean per side: {@code io.shrapnel:type=Rpc,name=client}
 * (calls this JVM made) and {@code io.shrapnel:type=Rpc,name=server} (calls it served). Registered
 * when the first channel or server of that side is made.
 */
public interface RpcMXBean {
    /** Connections of this side (channels' or the servers') open now. */
    long getOpenConnections();

    /** Calls (each stream is one call) started and not yet ended. */
    long getCallsInFlight();

    /** Calls started since the JVM began. */
    long getCallsStarted();

    /** Calls started per second since the previous read of this attribute (0 on the first read). */
    double getCallsPerSecond();

    /** Calls that ended with a status other than OK (the sum of the non-OK rows of {@link #getCallsByStatus}). */
    long getCallsFailed();

    /** Calls that ended, by status name (OK included). */
    Map<String, Long> getCallsByStatus();

    /** The same figures per method. */
    List<MethodStats> getMethods();

    /** The figures of one method ("package.Service/Method"). */
    final class MethodStats {
        private final String method;
        private final long callsStarted;
        private final long callsInFlight;
        private final long errors;
        private final long bytesIn;
        private final long bytesOut;

        @ConstructorParameters({"method", "callsStarted", "callsInFlight", "errors", "bytesIn", "bytesOut"})
        public MethodStats(String method, long callsStarted, long callsInFlight, long errors, long bytesIn, long bytesOut) {
            this.method = method;
            this.callsStarted = callsStarted;
            this.callsInFlight = callsInFlight;
            this.errors = errors;
            this.bytesIn = bytesIn;
            this.bytesOut = bytesOut;
        }

        public String getMethod() {
            return method;
        }

        public long getCallsStarted() {
            return callsStarted;
        }

        public long getCallsInFlight() {
            return callsInFlight;
        }

        /** Calls that ended with a status other than OK. */
        public long getErrors() {
            return errors;
        }

        /** Payload bytes received (requests on a server, responses on a client). */
        public long getBytesIn() {
            return bytesIn;
        }

        public long getBytesOut() {
            return bytesOut;
        }
    }
}
