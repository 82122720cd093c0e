package dev.wsjwt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where values come from: the MicroProfile Config environment mapping and layered precedence. */
class ConfigLookupTest {

    @Test
    void mapsKeysToEnvironmentVariablesTheMicroProfileWay() {
        ConfigLookup env = ConfigLookup.environment(Map.of("MP_JWT_VERIFY_ISSUER", "https://idp.test/",
                "wsjwt_token_max_length", "1024")::get);
        assertEquals(Optional.of("https://idp.test/"), env.get("mp.jwt.verify.issuer"));
        assertEquals(Optional.of("1024"), env.get("wsjwt.token.max-length"));
        assertEquals(Optional.empty(), env.get("mp.jwt.verify.audiences"));
    }

    @Test
    void prefersTheExactEnvironmentNameOverTheMappedOnes() {
        ConfigLookup env = ConfigLookup.environment(Map.of("mp.jwt.verify.issuer", "exact",
                "mp_jwt_verify_issuer", "sanitized", "MP_JWT_VERIFY_ISSUER", "upper")::get);
        assertEquals(Optional.of("exact"), env.get("mp.jwt.verify.issuer"));
        ConfigLookup mapped = ConfigLookup.environment(Map.of("mp_jwt_verify_issuer", "sanitized",
                "MP_JWT_VERIFY_ISSUER", "upper")::get);
        assertEquals(Optional.of("sanitized"), mapped.get("mp.jwt.verify.issuer"));
    }

    @Test
    void environmentFeedsSettings() {
        Settings settings = Settings.from(ConfigLookup.environment(Map.of("MP_JWT_VERIFY_ISSUER", "https://idp.test/",
                "MP_JWT_VERIFY_AUDIENCES", "a,b", "WSJWT_HANDSHAKE_REFUSAL", "close")::get));
        assertEquals(Optional.of("https://idp.test/"), settings.verify().issuer());
        assertEquals(java.util.Set.of("a", "b"), settings.verify().audiences());
        assertEquals(HandshakeRefusal.CLOSE, settings.handshake().refusal());
    }

    @Test
    void firstLayerWithANonBlankValueWins() {
        Properties file = new Properties();
        file.setProperty("mp.jwt.verify.issuer", "from-file");
        file.setProperty("wsjwt.port", "9000");
        file.setProperty("wsjwt.host", "0.0.0.0");
        ConfigLookup layered = ConfigLookup.layered(List.of(
                ConfigLookup.of(Map.of("mp.jwt.verify.issuer", "from-system-property", "wsjwt.host", "  ")),
                ConfigLookup.environment(Map.of("MP_JWT_VERIFY_ISSUER", "from-env", "WSJWT_PORT", "9100")::get),
                ConfigLookup.of(file)));
        assertEquals(Optional.of("from-system-property"), layered.get("mp.jwt.verify.issuer"));
        assertEquals(Optional.of("9100"), layered.get("wsjwt.port"));
        assertEquals(Optional.of("0.0.0.0"), layered.get("wsjwt.host"));
        assertEquals(Optional.empty(), layered.get("wsjwt.origins"));
        assertEquals(9100, Settings.from(layered).server().port());
    }
}
