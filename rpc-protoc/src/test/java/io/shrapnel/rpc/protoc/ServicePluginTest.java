package io.shrapnel.rpc.protoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePluginTest {
    private static MethodDescriptorProto method(String name, String in, String out, boolean cs, boolean ss) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(in).setOutputType(out)
                .setClientStreaming(cs).setServerStreaming(ss).build();
    }

    private static FileDescriptorProto greeterFile(FileOptions options) {
        return FileDescriptorProto.newBuilder()
                .setName("demo/hello_world.proto")
                .setPackage("demo")
                .setOptions(options)
                .addMessageType(DescriptorProto.newBuilder().setName("HelloRequest")
                        .addNestedType(DescriptorProto.newBuilder().setName("Part")))
                .addMessageType(DescriptorProto.newBuilder().setName("HelloReply"))
                .addService(ServiceDescriptorProto.newBuilder().setName("Greeter")
                        .addMethod(method("SayHello", ".demo.HelloRequest", ".demo.HelloReply", false, false))
                        .addMethod(method("ListReplies", ".demo.HelloRequest", ".demo.HelloReply", false, true))
                        .addMethod(method("CollectParts", ".demo.HelloRequest.Part", ".demo.HelloReply", true, false))
                        .addMethod(method("Chat", ".demo.HelloRequest", ".demo.HelloReply", true, true)))
                .build();
    }

    private static CodeGeneratorResponse generate(FileDescriptorProto... files) {
        CodeGeneratorRequest.Builder request = CodeGeneratorRequest.newBuilder();
        for (FileDescriptorProto f : files) {
            request.addProtoFile(f);
        }
        request.addFileToGenerate(files[files.length - 1].getName());
        return ServicePlugin.generate(request.build());
    }

    @Test
    void generatesOneClassPerServiceInTheJavaPackage() {
        CodeGeneratorResponse response = generate(greeterFile(FileOptions.newBuilder().setJavaPackage("com.example").build()));
        assertFalse(response.hasError(), response.getError());
        assertEquals(1, response.getFileCount());
        assertEquals("com/example/Greeter.java", response.getFile(0).getName());
        String src = response.getFile(0).getContent();
        assertTrue(src.startsWith("package com.example;\n"), src);
        assertTrue(src.contains("public static final String SERVICE_NAME = \"demo.Greeter\";"), src);
        assertTrue(src.contains("com.example.HelloWorld.HelloReply sayHello(com.example.HelloWorld.HelloRequest request)"
                + " throws io.shrapnel.rpc.RpcException;"), src);
        assertTrue(src.contains("io.shrapnel.rpc.Responses<com.example.HelloWorld.HelloReply> listReplies("), src);
        assertTrue(src.contains("io.shrapnel.rpc.Call<com.example.HelloWorld.HelloRequest.Part, com.example.HelloWorld.HelloReply> collectParts()"), src);
        assertTrue(src.contains("public abstract void chat(io.shrapnel.rpc.Requests<com.example.HelloWorld.HelloRequest> requests,"
                + " io.shrapnel.rpc.StreamSender<com.example.HelloWorld.HelloReply> responses) throws Exception;"), src);
        assertTrue(src.contains("Method.serverStreaming(SERVICE_NAME, \"ListReplies\""), src);
        assertTrue(src.contains("Method.clientStreaming(SERVICE_NAME, \"CollectParts\""), src);
        assertTrue(src.contains("Method.bidi(SERVICE_NAME, \"Chat\""), src);
        assertTrue(src.contains(".unary(SAY_HELLO, this::sayHello)"), src);
        assertTrue(src.contains("return channel.unary(SAY_HELLO, request, options);"), src);
        assertTrue(src.contains("return channel.bidi(CHAT, options);"), src);
    }

    /** The whole generated class, line for line (compiled and exercised by the rpc module's tests). */
    @Test
    void generatedSourceMatchesTheGoldenFile() throws Exception {
        String src = generate(greeterFile(FileOptions.newBuilder().setJavaPackage("com.example").build()))
                .getFile(0).getContent();
        String expected;
        try (var in = ServicePluginTest.class.getResourceAsStream("/Greeter.java.golden")) {
            expected = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!expected.equals(src)) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "Greeter.java.actual"), src);
        }
        assertEquals(expected, src, "the generated source changed; see target/Greeter.java.actual");
    }

    @Test
    void multipleFilesPutsMessagesAtTopLevel() {
        String src = generate(greeterFile(FileOptions.newBuilder().setJavaMultipleFiles(true).build()))
                .getFile(0).getContent();
        assertTrue(src.startsWith("package demo;\n"), src);
        assertTrue(src.contains("Method<demo.HelloRequest.Part, demo.HelloReply> COLLECT_PARTS"), src);
    }

    @Test
    void outerClassGetsSuffixWhenItClashesWithAType() {
        FileDescriptorProto f = FileDescriptorProto.newBuilder().setName("greeter.proto")
                .addMessageType(DescriptorProto.newBuilder().setName("Greeter")).build();
        assertEquals("GreeterOuterClass", JavaTypes.outerClassName(f));
        FileDescriptorProto named = f.toBuilder()
                .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Protos")).build();
        assertEquals("Protos", JavaTypes.outerClassName(named));
        FileDescriptorProto nestedClash = FileDescriptorProto.newBuilder().setName("x/inner.proto")
                .addMessageType(DescriptorProto.newBuilder().setName("Box")
                        .addNestedType(DescriptorProto.newBuilder().setName("Inner"))).build();
        assertEquals("InnerOuterClass", JavaTypes.outerClassName(nestedClash));
        assertEquals("Plain", JavaTypes.outerClassName(FileDescriptorProto.newBuilder().setName("plain").build()));
    }

    @Test
    void camelCaseFollowsProtoc() {
        assertEquals("HelloWorld", JavaTypes.camelCase("hello_world", true));
        assertEquals("Foo2Bar", JavaTypes.camelCase("foo2bar", true));
        assertEquals("sayHello", JavaTypes.camelCase("SayHello", false));
        assertEquals("getX", JavaTypes.camelCase("get_x", false));
        assertEquals("ABc", JavaTypes.camelCase("a-bc", true));
        assertEquals("AzAZ09Z", JavaTypes.camelCase("az_AZ_09z", true));
        assertEquals("zZ", JavaTypes.camelCase("Z_z", false));
        assertEquals("aZ9A", JavaTypes.camelCase("a-z9a", false));
    }

    @Test
    void methodNamesAvoidKeywordsAndConstantsAreSnakeCase() {
        assertEquals("new_", ServiceSource.javaName(method("New", ".a", ".a", false, false)));
        assertEquals("SAY_HELLO", ServiceSource.constant(method("SayHello", ".a", ".a", false, false)));
        assertEquals("GET2_THINGS", ServiceSource.constant(method("Get2Things", ".a", ".a", false, false)));
        assertEquals("LIST_ALL", ServiceSource.constant(method("list_all", ".a", ".a", false, false)));
        assertEquals("SERVICE_NAME_", ServiceSource.constant(method("ServiceName", ".a", ".a", false, false)));
        assertEquals("ABC", ServiceSource.constant(method("ABc", ".a", ".a", false, false)));
        assertEquals("A9_B", ServiceSource.constant(method("a9B", ".a", ".a", false, false)));
    }

    @Test
    void unknownTypeIsAnErrorInTheResponse() {
        FileDescriptorProto f = FileDescriptorProto.newBuilder().setName("bad.proto")
                .addService(ServiceDescriptorProto.newBuilder().setName("Bad")
                        .addMethod(method("Do", ".nope.Missing", ".nope.Missing", false, false)))
                .build();
        CodeGeneratorResponse response = generate(f);
        assertTrue(response.getError().contains(".nope.Missing"), response.getError());
        assertEquals(0, response.getFileCount());
    }

    @Test
    void serviceNamedLikeTheOuterClassIsAnError() {
        FileDescriptorProto f = FileDescriptorProto.newBuilder().setName("echo.proto")
                .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Echo"))
                .addService(ServiceDescriptorProto.newBuilder().setName("Echo"))
                .build();
        assertTrue(generate(f).getError().contains("java_outer_classname"));
    }

    @Test
    void filesNotAskedForAreNotGeneratedAndFeaturesAreDeclared() throws Exception {
        FileDescriptorProto dep = greeterFile(FileOptions.getDefaultInstance());
        FileDescriptorProto main = FileDescriptorProto.newBuilder().setName("main.proto").build();
        CodeGeneratorResponse response = generate(dep, main);
        assertEquals(List.of(), response.getFileList());
        assertEquals(3, response.getSupportedFeatures());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServicePlugin.run(new ByteArrayInputStream(CodeGeneratorRequest.newBuilder().addProtoFile(dep)
                .addFileToGenerate(dep.getName()).build().toByteArray()), out);
        assertEquals(1, CodeGeneratorResponse.parseFrom(out.toByteArray()).getFileCount());
    }
}
