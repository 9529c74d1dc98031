package io.shrapnel.examples.worms;

/** A cell of the arena: column {@code x}, row {@code y}, both from 0. */
record Pos(int x, int y) {}
