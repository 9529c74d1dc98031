package io.shrapnel.net.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DNS message (RFC 1035 §4): header, question, answer, authority and additional sections, and the
 * EDNS0 OPT record if there is one (kept apart from the additional records: it is about the
 * message, not the data).
 *
 * <pre>{@code
 * byte[] query = DnsMessage.query(id, DnsName.of("www.example.com"), RecordType.AAAA).encode();
 * DnsMessage answer = DnsMessage.decode(received);   // DnsFormatException if it is malformed
 * }</pre>
 *
 * <p>{@link #decode} trusts nothing in the bytes: see {@link DnsFormatException} for what it
 * rejects. {@link #encode} compresses names.
 */
public record DnsMessage(Header header, List<Question> questions, List<ResourceRecord> answers,
                         List<ResourceRecord> authorities, List<ResourceRecord> additionals, Edns edns) {
    /** The largest message: a TCP message has a 16-bit length. */
    public static final int MAX_SIZE = 65535;
    /** The header's size; also the least a message can be. */
    public static final int HEADER_SIZE = 12;
    /** Least bytes of a question on the wire: the root name, type, class. */
    private static final int MIN_QUESTION = 5;
    /** Least bytes of a resource record: the root name, type, class, TTL, RDLENGTH. */
    private static final int MIN_RECORD = 11;

    public DnsMessage {
        Objects.requireNonNull(header, "header");
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
        if (questions.size() > 0xffff || answers.size() > 0xffff || authorities.size() > 0xffff
                || additionals.size() + (edns != null ? 1 : 0) > 0xffff) {
            throw new IllegalArgumentException("a section holds at most 65535 entries");
        }
    }

    /**
     * A recursive query for one name and type with EDNS0 ({@link Edns#DEFAULT}: 1232-byte UDP answers).
     */
    public static DnsMessage query(int id, DnsName name, RecordType type) {
        return new DnsMessage(Header.query(id), List.of(new Question(name, type)), List.of(), List.of(), List.of(),
                Edns.DEFAULT);
    }

    /** The first question, or null if there is none. */
    public Question question() {
        return questions.isEmpty() ? null : questions.getFirst();
    }

    /** The full response code: the header's 4 bits and, with EDNS0, 8 more from the OPT record. */
    public Rcode rcode() {
        return Rcode.of((edns != null ? edns.extendedRcode() << 4 : 0) | header.rcode());
    }

    public DnsMessage withHeader(Header h) {
        return new DnsMessage(h, questions, answers, authorities, additionals, edns);
    }

    /** The answers of {@code type} (case-insensitively) owned by {@code owner}. */
    public List<ResourceRecord> answers(DnsName owner, RecordType type) {
        List<ResourceRecord> out = new ArrayList<>();
        for (ResourceRecord rr : answers) {
            if (rr.type().equals(type) && rr.name().equals(owner)) {
                out.add(rr);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Encoding
    // ---------------------------------------------------------------------------------------------

    /** The message on the wire, names compressed. */
    public byte[] encode() {
        return encode(MAX_SIZE);
    }

    /**
     * The message on the wire, at most {@code maxSize} bytes.
     *
     * @throws IllegalArgumentException if it does not fit
     */
    public byte[] encode(int maxSize) {
        WireWriter w = new WireWriter(Math.min(maxSize, MAX_SIZE));
        w.u16(header.id());
        w.u16(header.flags());
        w.u16(questions.size());
        w.u16(answers.size());
        w.u16(authorities.size());
        w.u16(additionals.size() + (edns != null ? 1 : 0));
        for (Question q : questions) {
            w.name(q.name(), true);
            w.u16(q.type().code());
            w.u16(q.dnsClass());
        }
        for (ResourceRecord rr : answers) {
            writeRecord(w, rr);
        }
        for (ResourceRecord rr : authorities) {
            writeRecord(w, rr);
        }
        for (ResourceRecord rr : additionals) {
            writeRecord(w, rr);
        }
        if (edns != null) {
            w.u8(0); // owner: the root
            w.u16(RecordType.OPT.code());
            w.u16(edns.udpPayloadSize());
            w.u32(edns.ttlField());
            w.u16(edns.optionsShared().length);
            w.bytes(edns.optionsShared());
        }
        return w.toByteArray();
    }

    private static void writeRecord(WireWriter w, ResourceRecord rr) {
        w.name(rr.name(), true);
        w.u16(rr.type().code());
        w.u16(rr.dnsClass());
        w.u32(rr.ttl());
        int lengthAt = w.position();
        w.u16(0);
        RDataCodec.write(w, rr.data());
        int length = w.position() - lengthAt - 2;
        if (length > 0xffff) {
            throw new IllegalArgumentException("RDATA of " + rr + " is " + length + " bytes; at most 65535 fit");
        }
        w.patchU16(lengthAt, length);
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding
    // ---------------------------------------------------------------------------------------------

    /**
     * Decodes a message. Bytes after the last section are ignored.
     *
     * @throws DnsFormatException if it is shorter than its header, over 65535 bytes, says it holds
     *     more than it does, has a length or pointer past the end, a compression loop, a label over 63
     *     or a name over 255 bytes, RDATA that does not fit its type, or more than one OPT record
     */
    public static DnsMessage decode(byte[] msg) throws DnsFormatException {
        return decode(msg, 0, msg.length);
    }

    /** Decodes {@code length} bytes of {@code buf} from {@code offset} (copied first). */
    public static DnsMessage decode(byte[] buf, int offset, int length) throws DnsFormatException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (length > MAX_SIZE) {
            throw new DnsFormatException("message of " + length + " bytes is over the " + MAX_SIZE + " a DNS message can be", 0);
        }
        byte[] msg = offset == 0 && length == buf.length ? buf : java.util.Arrays.copyOfRange(buf, offset, offset + length);
        WireReader r = new WireReader(msg);
        if (length < HEADER_SIZE) {
            throw new DnsFormatException("message of " + length + " bytes is shorter than the 12-byte header", 0);
        }
        int id = r.u16("id");
        int flags = r.u16("flags");
        int qd = r.u16("QDCOUNT");
        int an = r.u16("ANCOUNT");
        int ns = r.u16("NSCOUNT");
        int ar = r.u16("ARCOUNT");
        // Refuse impossible counts before allocating for them: each entry takes some bytes.
        long least = (long) qd * MIN_QUESTION + (long) (an + ns + ar) * MIN_RECORD;
        if (least > r.remaining()) {
            throw r.error("counts say " + qd + " questions and " + (an + ns + ar) + " records, at least " + least
                    + " bytes, but only " + r.remaining() + " bytes follow the header");
        }
        List<Question> questions = new ArrayList<>(qd);
        for (int i = 0; i < qd; i++) {
            questions.add(new Question(r.name(), RecordType.of(r.u16("question type")), r.u16("question class")));
        }
        List<ResourceRecord> answers = readRecords(r, an, "answer", null);
        List<ResourceRecord> authorities = readRecords(r, ns, "authority", null);
        Edns[] edns = new Edns[1];
        List<ResourceRecord> additionals = readRecords(r, ar, "additional", edns);
        return new DnsMessage(Header.fromFlags(id, flags), questions, answers, authorities, additionals, edns[0]);
    }

    private static List<ResourceRecord> readRecords(WireReader r, int count, String section, Edns[] edns)
            throws DnsFormatException {
        List<ResourceRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = r.position();
            DnsName name = r.name();
            RecordType type = RecordType.of(r.u16(section + " record type"));
            int dnsClass = r.u16(section + " record class");
            long ttl = r.u32(section + " record TTL");
            int rdlength = r.u16(section + " RDLENGTH");
            if (rdlength > r.remaining()) {
                throw r.error(type + " record " + name + " says its RDATA is " + rdlength + " bytes but only "
                        + r.remaining() + " are left");
            }
            int oldLimit = r.narrow(r.position() + rdlength);
            try {
                if (type.equals(RecordType.OPT)) {
                    if (edns == null) {
                        throw new DnsFormatException("OPT record in the " + section + " section", start);
                    }
                    if (edns[0] != null) {
                        throw new DnsFormatException("more than one OPT record (RFC 6891 §6.1.1)", start);
                    }
                    if (!name.isRoot()) {
                        throw new DnsFormatException("OPT record owned by " + name + ", not the root", start);
                    }
                    edns[0] = new Edns(dnsClass, (int) (ttl >>> 24), (int) (ttl >>> 16 & 0xff), (ttl & 0x8000) != 0,
                            r.bytes(rdlength, "OPT options"));
                } else {
                    out.add(new ResourceRecord(name, dnsClass, ttl > ResourceRecord.MAX_TTL ? 0 : ttl,
                            RDataCodec.read(r, type)));
                }
            } finally {
                r.restoreLimit(oldLimit);
            }
        }
        return out;
    }
}
