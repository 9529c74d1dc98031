/** An AMQP 0-9-1 client (RabbitMQ) on coros; consumers are actors. */
module io.shrapnel.codecs.amqp {
    requires transitive io.shrapnel.net;
    requires transitive io.shrapnel.mailbox;

    exports io.shrapnel.codecs.amqp;
}
