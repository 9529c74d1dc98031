package io.shrapnel.rpc.protoc;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The protoc plugin of the rpc module: protoc runs it (through the build's protobuf plugin) with a
 * {@code CodeGeneratorRequest} on standard input and reads a {@code CodeGeneratorResponse} from its
 * standard output. For every {@code service} of the files to generate it writes one Java class
 * beside the messages protoc's own Java generator writes (see {@link ServiceSource}).
 *
 * <p>Errors in the input (a service whose name clashes with a message class, say) are reported in
 * the response's {@code error} field, which protoc prints with the file name; the exit code stays 0
 * as the plugin protocol asks.
 */
public final class ServicePlugin {
    private ServicePlugin() {}

    public static void main(String[] args) throws IOException {
        CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(System.in);
        generate(request).writeTo(System.out);
        System.out.flush();
    }

    /** Reads a request from {@code in} and writes the response to {@code out} (for tests). */
    static void run(InputStream in, OutputStream out) throws IOException {
        generate(CodeGeneratorRequest.parseFrom(in)).writeTo(out);
    }

    /** The files generated for {@code request}, or an error naming the offending definition. */
    public static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
        CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
                .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
                        | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
                .setMinimumEdition(Edition.EDITION_PROTO2_VALUE)
                .setMaximumEdition(Edition.EDITION_2023_VALUE);
        JavaTypes types = new JavaTypes(request.getProtoFileList());
        Set<String> wanted = new HashSet<>(request.getFileToGenerateList());
        try {
            for (FileDescriptorProto file : request.getProtoFileList()) {
                if (!wanted.contains(file.getName())) {
                    continue;
                }
                for (ServiceDescriptorProto service : file.getServiceList()) {
                    ServiceSource source = new ServiceSource(file, service, types);
                    response.addFile(CodeGeneratorResponse.File.newBuilder()
                            .setName(source.path())
                            .setContent(source.render()));
                }
            }
        } catch (IllegalArgumentException e) {
            return CodeGeneratorResponse.newBuilder().setError(e.getMessage()).build();
        }
        return response.build();
    }
}
