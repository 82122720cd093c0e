package dev.wsjwt.container;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WARs of {@link ExampleIT} and {@link LibraryOnlyIT}: what a user deploys, not the demo.
 *
 * <p>The example application ({@code src/example}) is deployed as its own Maven build made it
 * ({@code src/example/target/wsjwt-example.war}: proof that a user's WAR depending on
 * {@code dev.wsjwt:wsjwt} works) when that WAR exists and is current: it bundles the library this
 * build just packaged and is newer than the example's sources. Otherwise the same WAR is
 * assembled here from {@code target/wsjwt.jar}, the library's run-time jars and the example's
 * classes (compiled with the tests), and a line says why. Either way the test settings replace
 * the example's {@code microprofile-config.properties}.
 */
final class ExampleDeployments {

    static final String PACKAGE = "dev.wsjwt.example.app";
    static final String EXAMPLE_SOURCES = "src/example/src";
    /** Classes of the library's run-time dependencies (what Maven puts into a user's WEB-INF/lib). */
    static final String[] RUNTIME_CLASSES = {
            "org.jose4j.jwt.JwtClaims",                      // jose4j
            "org.slf4j.LoggerFactory",                       // slf4j-api, jose4j's logging API
            "org.eclipse.microprofile.jwt.JsonWebToken",     // microprofile-jwt-auth-api
    };

    private ExampleDeployments() {
    }

    /** The example application with {@code settings} as its whole MicroProfile Config file. */
    static WebArchive example(String name, Map<String, String> settings) {
        File built = new File(System.getProperty("wsjwt.example.war", "src/example/target/wsjwt-example.war"));
        String stale = built.isFile() ? staleness(built) : built + " is missing (build it: mvn -B -f src/example/pom.xml package)";
        WebArchive war;
        if (stale == null) {
            war = ShrinkWrap.create(ZipImporter.class, name).importFrom(built).as(WebArchive.class);
            System.out.printf("[%s] deploying the example WAR as its own build made it: %s%n", ContainerDeployments.RUNTIME, built);
        } else {
            war = library(name).addPackage(PACKAGE);
            System.out.printf("[%s] deploying the example assembled from target/wsjwt.jar and the test classes: %s%n",
                    ContainerDeployments.RUNTIME, stale);
        }
        if (war.contains(ContainerDeployments.CONFIG)) {
            war.delete(ContainerDeployments.CONFIG);
        }
        war.add(new ByteArrayAsset(store(settings)), ContainerDeployments.CONFIG);
        return war;
    }

    /**
     * A WAR holding the library and what it needs at run time, and nothing of wsjwt's besides:
     * no class, no setting. {@code alive.txt} is a static file that tells a served context from
     * a deployment that failed (Payara Micro answers 404 for both).
     */
    /** The library, its run-time jars, {@code classes} and {@code settings}: a minimal user's application. */
    static WebArchive withClasses(String name, Map<String, String> settings, Class<?>... classes) {
        return library(name).addClasses(classes)
                .add(new ByteArrayAsset(store(settings)), "WEB-INF/classes/META-INF/microprofile-config.properties");
    }

    static WebArchive libraryOnly(String name) {
        return library(name).add(new StringAsset("library only\n"), "alive.txt");
    }

    private static WebArchive library(String name) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name).addAsLibraries(libraryJar());
        for (String type : RUNTIME_CLASSES) {
            war.addAsLibraries(jarOf(type));
        }
        return war;
    }

    static File libraryJar() {
        File jar = new File(System.getProperty("wsjwt.jar", "target/wsjwt.jar"));
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` first");
        }
        return jar;
    }

    private static File jarOf(String className) {
        try {
            CodeSource source = Class.forName(className).getProtectionDomain().getCodeSource();
            File jar = new File(source.getLocation().toURI());
            if (!jar.isFile()) {
                throw new IllegalStateException(className + " is not loaded from a jar but from " + jar);
            }
            return jar;
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot find the jar of " + className, e);
        }
    }

    /** Why the built example WAR is not the one to test, or null when it is current. */
    private static String staleness(File built) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "built.war").importFrom(built).as(WebArchive.class);
        ArchivePath bundled = war.getContent(path -> path.get().matches("/WEB-INF/lib/wsjwt-[^/]*\\.jar")).keySet()
                .stream().findFirst().orElse(null);
        if (bundled == null) {
            return built + " bundles no wsjwt jar";
        }
        Map<String, Long> inWar;
        try (InputStream in = war.get(bundled).getAsset().openStream()) {
            inWar = classes(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> current;
        try (InputStream in = Files.newInputStream(libraryJar().toPath())) {
            current = classes(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!inWar.equals(current)) {
            return built + " bundles another build of the library than " + libraryJar()
                    + " (mvn -B -DskipTests install, then rebuild the example)";
        }
        long newestSource;
        try (Stream<Path> files = Files.walk(Path.of(EXAMPLE_SOURCES))) {
            newestSource = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return built.lastModified() < newestSource ? built + " is older than the example's sources in " + EXAMPLE_SOURCES : null;
    }

    /** The library's own entries (dev/wsjwt/**) of a jar and their CRCs: equal for two builds of the same sources. */
    private static Map<String, Long> classes(InputStream jar) throws IOException {
        Map<String, Long> crcs = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(jar)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (!entry.isDirectory() && entry.getName().startsWith("dev/wsjwt/")) {
                    CRC32 crc = new CRC32();
                    byte[] buffer = new byte[8192];
                    for (int n; (n = zip.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                    }
                    crcs.put(entry.getName(), crc.getValue());
                }
            }
        }
        return crcs;
    }

    /** Properties#store escapes what the file format needs (':', '=', '\', non-Latin-1), e.g. in the JWKS JSON. */
    private static byte[] store(Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            properties.store(out, "wsjwt example integration test settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
