package dev.wsjwt.container;

import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The built {@code target/wsjwt.war} with test settings written into its
 * {@code microprofile-config.properties}, and the address to reach it. Shared by the *IT classes,
 * which failsafe runs once on Payara Micro and once on WildFly.
 */
final class ContainerDeployments {

    static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";
    static final String ORIGIN = "https://app.wsjwt.test";
    static final String CONNECT = "chat:connect";
    static final String RUNTIME = System.getProperty("arquillian.launch", "?");

    private ContainerDeployments() {
    }

    /** Settings a verifying deployment needs: the test key inline, issuer, audience, short timers. */
    static Map<String, String> verifying() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA));
        settings.put("mp.jwt.verify.issuer", TokenBuilder.ISSUER);
        settings.put("mp.jwt.verify.audiences", TokenBuilder.AUDIENCE);
        settings.put("mp.jwt.verify.clock.skew", "0");
        settings.put("wsjwt.session.expiry-warning", "2");
        settings.put("wsjwt.auth.timeout", "3");
        return settings;
    }

    /**
     * The built WAR named {@code name}, its packaged defaults overridden (or extended) by
     * {@code settings}; a value of {@code null} removes the key.
     */
    static WebArchive war(String name, Map<String, String> settings) {
        File built = new File(System.getProperty("wsjwt.war", "target/wsjwt.war"));
        if (!built.isFile()) {
            throw new IllegalStateException(built + " is missing: run `mvn package` first");
        }
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name).importFrom(built).as(WebArchive.class);
        Properties properties = new Properties();
        if (war.contains(CONFIG)) {
            try (InputStream in = war.get(CONFIG).getAsset().openStream()) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            war.delete(CONFIG);
        }
        settings.forEach((key, value) -> {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.setProperty(key, value);
            }
        });
        war.add(new ByteArrayAsset(store(properties)), CONFIG);
        return war;
    }

    /** Properties#store escapes what the file format needs (':', '=', '\', non-Latin-1), e.g. in the JWKS JSON. */
    private static byte[] store(Properties properties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            properties.store(out, "wsjwt integration test settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The chat endpoint of the deployment at {@code base}. Payara's adapter names the first
     * non-loopback address in its URL; both runtimes also listen on loopback, so use that.
     */
    static URI ws(URL base) {
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        return URI.create("ws://127.0.0.1:" + base.getPort() + context + "ws/chat");
    }

    static String bearerChallenge(String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
    }
}
