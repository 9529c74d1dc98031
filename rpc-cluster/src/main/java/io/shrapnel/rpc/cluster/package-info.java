/** Node membership, a cluster-wide actor registry, leader election and locks on etcd. */
package io.shrapnel.rpc.cluster;
