/** A MySQL / MariaDB client on coros: the protocol itself over the net module's sockets, with the shared pool. */
module io.shrapnel.codecs.mysql {
    requires transitive io.shrapnel.net;

    exports io.shrapnel.codecs.mysql;
}
