package io.shrapnel.codecs.mysql;

/** Receives the rows of a streamed query one by one, as they arrive. */
@FunctionalInterface
public interface RowHandler {
    /** Called once per row; throwing stops the query (it is killed on the server) and the error comes out. */
    void row(Row row) throws Exception;
}
