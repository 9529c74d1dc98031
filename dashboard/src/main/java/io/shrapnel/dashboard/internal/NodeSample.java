package io.shrapnel.dashboard.internal;

import java.util.Map;

/**
 * What one read of one node gave.
 *
 * @param node the node's name
 * @param address where it is read from (a JMX service URL, or "this process")
 * @param error why the read failed, or null
 * @param beansJson the node's beans as a JSON array (empty when the read failed)
 * @param numbers every numeric attribute, keyed {@code node|objectName|attribute[.item]}
 */
public record NodeSample(String node, String address, String error, String beansJson, Map<String, Double> numbers) {
    public boolean ok() {
        return error == null;
    }
}
