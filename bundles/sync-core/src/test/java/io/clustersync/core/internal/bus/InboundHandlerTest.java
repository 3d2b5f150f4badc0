package io.clustersync.core.internal.bus;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A failed TLS handshake is reported with its cause, and blamed on the certificate only when that was it. */
class InboundHandlerTest {

    @Test
    void anUntrustedCertificateIsNamedAsSuch() {
        SSLHandshakeException jdk = new SSLHandshakeException("PKIX path building failed");
        jdk.initCause(new CertificateException("No trusted certificate found"));
        assertEquals("TLS handshake failed (No trusted certificate found): the peer does not share this cluster's certificate",
                InboundHandler.handshakeRefusal(jdk));
        SSLHandshakeException boring = new SSLHandshakeException("error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED");
        assertEquals("TLS handshake failed (error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED): the peer"
                + " does not share this cluster's certificate", InboundHandler.handshakeRefusal(boring));
    }

    @Test
    void anotherFailureIsReportedWithoutGuessing() {
        SSLHandshakeException other = new SSLHandshakeException("error:10000438:SSL routines:OPENSSL_internal:TLSV1_ALERT_INTERNAL_ERROR");
        assertEquals("TLS handshake failed (error:10000438:SSL routines:OPENSSL_internal:TLSV1_ALERT_INTERNAL_ERROR)",
                InboundHandler.handshakeRefusal(other));
    }
}
