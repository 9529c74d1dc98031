package io.shrapnel.codecs.ldap;

import java.util.List;

/** One entry a search returned: its DN and the attributes asked for. */
public record SearchEntry(String dn, List<Attribute> attributes, List<Control> controls) {
    public SearchEntry {
        attributes = List.copyOf(attributes);
        controls = List.copyOf(controls);
    }

    /** The attribute named {@code name} (ignoring case), or null. */
    public Attribute attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    /** The first value of {@code name} as text, or null. */
    public String first(String name) {
        Attribute a = attribute(name);
        return a == null ? null : a.first();
    }
}
