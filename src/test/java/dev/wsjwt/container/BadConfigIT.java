package dev.wsjwt.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deployments that must fail rather than serve an endpoint: the WAR as built with no key, issuer
 * or audience; an application whose {@code @MessageEndpoint} class is not a CDI bean. WildFly rolls the deployment back and {@code deploy()} throws; Payara Micro logs
 * the failure, keeps running and {@code deploy()} returns, so there the context must answer 404.
 * One deployment in this class: Payara's adapter runs one JVM per deployment, and stops it on
 * undeploy.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadConfigIT {

    static final String WAR = "wsjwt-unconfigured.war";
    static final String NOT_A_BEAN_WAR = "wsjwt-not-a-bean.war";

    @Deployment(name = "unconfigured", testable = false, managed = false)
    static WebArchive deployment() {
        return ContainerDeployments.war(WAR, Map.of());
    }

    @Deployment(name = "not-a-bean", testable = false, managed = false)
    static WebArchive notABean() {
        return ExampleDeployments.withClasses(NOT_A_BEAN_WAR, ContainerDeployments.verifying(), NotABeanService.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void deploymentWithoutKeySettingsFails() throws Exception {
        assertDeploymentFails("unconfigured", WAR, "mp.jwt.verify.publickey.location", "/wsjwt-unconfigured/ws/chat");
    }

    @Test
    void messageEndpointThatIsNotACdiBeanFailsTheDeployment() throws Exception {
        assertDeploymentFails("not-a-bean", NOT_A_BEAN_WAR,
                NotABeanService.class.getName() + " is annotated @MessageEndpoint but is not a CDI bean",
                "/wsjwt-not-a-bean" + NotABeanService.PATH);
    }

    private void assertDeploymentFails(String name, String war, String expected, String path) throws Exception {
        Throwable failure = null;
        try {
            deployer.deploy(name);
        } catch (Exception e) {
            // WildFly: org.jboss.arquillian.container.spi.client.container.DeploymentException
            failure = e;
        }
        try {
            if ("wildfly".equals(ContainerDeployments.RUNTIME)) {
                assertNotNull(failure, "WildFly deployed " + war);
                assertTrue(chain(failure).contains(expected), chain(failure));
            } else {
                // Payara Micro logs the failure (with the same line) and keeps running.
                List<ProcessHandle> jvms = jvmsRunning(war);
                assertEquals(1, jvms.size(), "one Payara Micro JVM for " + war);
                int port = httpPort(jvms.get(0));
                assertEquals(404, status(port, path), "context must not be served");
            }
        } finally {
            if (failure == null || !"wildfly".equals(ContainerDeployments.RUNTIME)) {
                // Payara: stops the JVM the adapter started for this deployment. WildFly rolled it back.
                deployer.undeploy(name);
            }
        }
        if (!"wildfly".equals(ContainerDeployments.RUNTIME)) {
            assertTrue(awaitNoJvm(war, Duration.ofSeconds(30)), "Payara Micro JVM left running after undeploy");
        }
    }

    private static List<ProcessHandle> jvmsRunning(String war) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(war)).orElse(false))
                .toList();
    }

    private static boolean awaitNoJvm(String war, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (jvmsRunning(war).isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Payara's adapter passes the random HTTP port on the command line ({@code --port N}). */
    private static int httpPort(ProcessHandle jvm) {
        String command = jvm.info().commandLine().orElse("");
        Matcher port = Pattern.compile("--port (\\d+)").matcher(command);
        assertTrue(port.find(), "no --port in " + command);
        return Integer.parseInt(port.group(1));
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String chain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
