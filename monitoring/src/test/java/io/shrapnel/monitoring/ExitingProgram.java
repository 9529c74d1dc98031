package io.shrapnel.monitoring;

import io.shrapnel.kernel.Coro;

/**
 * A program that registers the MXBeans, opens a JMX endpoint from a coro, prints its port and ends
 * with {@link Coro#setExit}, never closing the endpoint: {@link JmxEndpointExitTest} runs it in a
 * child JVM, which must exit.
 */
final class ExitingProgram {
    private ExitingProgram() {}

    public static void main(String[] args) {
        Coro.spawn("opener", () -> {
            Monitoring.registerMBeans();
            JmxEndpoint jmx = JmxEndpoint.builder().noCredentialsFile().start();
            System.out.println("endpoint open on port " + jmx.port());
            Coro.setExit(3);
        });
        int code = Coro.eventLoop();
        System.out.println("event loop returned " + code);
    }
}
