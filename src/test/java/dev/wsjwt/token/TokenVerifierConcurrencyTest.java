package dev.wsjwt.token;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.Verifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One verifier, built once, shared by many threads (as the server shares it). */
class TokenVerifierConcurrencyTest {

    private static final int THREADS = 16;
    private static final int TOKENS_PER_THREAD = 50;

    @Test
    void sharedVerifierGivesEachThreadItsOwnSubjects() throws Exception {
        assertConcurrentlyCorrect(Verifiers.verifier(Map.of("mp.jwt.verify.publickey.algorithm", "RS256,ES256")));
    }

    @Test
    void sharedVerifierWithColdRemoteKeySetGivesEachThreadItsOwnSubjects() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA, TestKeys.EC))) {
            assertConcurrentlyCorrect(Verifiers.verifier(Map.of("mp.jwt.verify.publickey.location", jwks.url(),
                    "mp.jwt.verify.publickey.algorithm", "RS256,ES256")));
        }
    }

    private static void assertConcurrentlyCorrect(TokenVerifier verifier) throws Exception {
        List<List<String>> tokens = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < TOKENS_PER_THREAD; i++) {
                String subject = "t" + t + "-" + i;
                mine.add(i % 2 == 0 ? token(subject).sign() : token(subject).signedWith(TestKeys.EC, "ES256").sign());
            }
            tokens.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (List<String> mine : tokens) {
                results.add(pool.submit(() -> {
                    assertTrue(start.await(30, TimeUnit.SECONDS), "start signal");
                    List<String> subjects = new ArrayList<>();
                    for (String token : mine) {
                        subjects.add(verifier.verify(token).getSubject());
                    }
                    return subjects;
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < TOKENS_PER_THREAD; i++) {
                    expected.add("t" + t + "-" + i);
                }
                assertEquals(expected, results.get(t).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "threads stopped");
        }
    }
}
