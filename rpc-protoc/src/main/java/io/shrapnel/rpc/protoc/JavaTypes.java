package io.shrapnel.rpc.protoc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java class that protoc's own Java generator makes for each message of the request's files,
 * by the rules of {@code java_package}, {@code java_outer_classname} and {@code java_multiple_files}
 * (and the "OuterClass" suffix protoc adds when the file's class name would clash with a type).
 *
 * <p>Threading: built once, then read only.
 */
final class JavaTypes {
    private final Map<String, String> classByProtoName = new HashMap<>();

    JavaTypes(List<FileDescriptorProto> files) {
        for (FileDescriptorProto file : files) {
            String prefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
            String javaPrefix = javaPackage(file).isEmpty() ? "" : javaPackage(file) + ".";
            if (!file.getOptions().getJavaMultipleFiles()) {
                javaPrefix += outerClassName(file) + ".";
            }
            for (DescriptorProto message : file.getMessageTypeList()) {
                add(prefix, javaPrefix, message);
            }
        }
    }

    private void add(String protoPrefix, String javaPrefix, DescriptorProto message) {
        String protoName = protoPrefix + message.getName();
        String javaName = javaPrefix + message.getName();
        classByProtoName.put(protoName, javaName);
        for (DescriptorProto nested : message.getNestedTypeList()) {
            add(protoName + ".", javaName + ".", nested);
        }
    }

    /** The fully qualified Java class of the message {@code protoName} (".pkg.Msg"). */
    String classOf(String protoName) {
        String name = classByProtoName.get(protoName);
        if (name == null) {
            throw new IllegalArgumentException("no message type " + protoName + " among the files protoc passed");
        }
        return name;
    }

    /** The Java package of the file's generated classes. */
    static String javaPackage(FileDescriptorProto file) {
        return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
    }

    /** The outer class protoc generates for {@code file}. */
    static String outerClassName(FileDescriptorProto file) {
        if (file.getOptions().hasJavaOuterClassname()) {
            return file.getOptions().getJavaOuterClassname();
        }
        String base = file.getName();
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".proto")) {
            base = base.substring(0, base.length() - ".proto".length());
        }
        String name = camelCase(base, true);
        return typeNames(file).contains(name) ? name + "OuterClass" : name;
    }

    private static Set<String> typeNames(FileDescriptorProto file) {
        Set<String> names = new HashSet<>();
        for (DescriptorProto m : file.getMessageTypeList()) {
            collect(m, names);
        }
        for (EnumDescriptorProto e : file.getEnumTypeList()) {
            names.add(e.getName());
        }
        for (ServiceDescriptorProto s : file.getServiceList()) {
            names.add(s.getName());
        }
        return names;
    }

    private static void collect(DescriptorProto message, Set<String> names) {
        names.add(message.getName());
        for (DescriptorProto nested : message.getNestedTypeList()) {
            collect(nested, names);
        }
        for (EnumDescriptorProto e : message.getEnumTypeList()) {
            names.add(e.getName());
        }
    }

    /**
     * protoc's UnderscoresToCamelCase: letters after a non-alphanumeric or a digit are capitalised,
     * non-alphanumerics dropped.
     */
    static String camelCase(String input, boolean capitaliseFirst) {
        StringBuilder out = new StringBuilder(input.length());
        boolean capNext = capitaliseFirst;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 'a' && c <= 'z') {
                out.append(capNext ? (char) (c - 'a' + 'A') : c);
                capNext = false;
            } else if (c >= 'A' && c <= 'Z') {
                out.append(i == 0 && !capitaliseFirst ? (char) (c - 'A' + 'a') : c);
                capNext = false;
            } else if (c >= '0' && c <= '9') {
                out.append(c);
                capNext = true;
            } else {
                capNext = true;
            }
        }
        return out.toString();
    }
}
