package com.calendarpipe.testing;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** HTTPS to the test server, whose certificate is the self-signed one Elytron makes on first use. */
public final class SelfSignedHttps {

    private SelfSignedHttps() {
    }

    /** A client that accepts the test server's self-signed certificate: for tests only. */
    public static HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(trustingAll())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** TLS that accepts any certificate, the test server's own self-signed one: for tests only. */
    public static SSLContext trustingAll() throws Exception {
        // an extended manager: JSSE would wrap a plain one in its own host name check
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
