package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory from PEM files: the trusted CA bundle ({@code tls.ca.file}) and optionally a client
 * certificate chain with its unencrypted PKCS#8 private key. Every socket it creates verifies the server's host name
 * against its certificate (endpoint identification "HTTPS": DNS names and IP addresses in subjectAltName).
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /** Thrown with a message that names the file and what is wrong with it. */
    public static final class TlsConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        TlsConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static SSLSocketFactory socketFactory(Path caFile, Path clientCertFile, Path clientKeyFile)
            throws TlsConfigException {
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                List<Certificate> cas = readCertificates(caFile);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientCertFile != null || clientKeyFile != null) {
                if (clientCertFile == null || clientKeyFile == null) {
                    throw new TlsConfigException(
                            "tls.client.cert.file and tls.client.key.file must be given together", null);
                }
                List<Certificate> chain = readCertificates(clientCertFile);
                PrivateKey key = readPrivateKey(clientKeyFile);
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return new HostVerifyingSocketFactory(ctx.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    static List<Certificate> readCertificates(Path file) throws TlsConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new TlsConfigException(file + ": no PEM certificate found", null);
            }
            return new ArrayList<>(certs);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read (" + e + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file + ": not a PEM certificate bundle (" + e.getMessage() + ")", e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws TlsConfigException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": cannot read (" + e + ")", e);
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY")
                || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new TlsConfigException(file + ": the key must be unencrypted PKCS#8 (BEGIN PRIVATE KEY); convert it"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8", null);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new TlsConfigException(file + ": no PEM block BEGIN PRIVATE KEY found", null);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TlsConfigException(file + ": unsupported private key (RSA, EC and Ed25519 PKCS#8 keys work)", null);
    }

    /** Delegates and turns on host name verification on every socket. */
    static final class HostVerifyingSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        HostVerifyingSocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket verify(Socket s) {
            if (s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return verify(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return verify(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return verify(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return verify(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return verify(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return verify(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
