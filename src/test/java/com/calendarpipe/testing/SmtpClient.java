package com.calendarpipe.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An SMTP client that says exactly what it is told (RFC 5321), byte for byte, and reads each
 * reply with its code: for the tests of the server's SMTP listener, whose refusals come back as
 * they are, and for the raw bytes of the invitation fixtures (a library would re-encode them).
 */
public final class SmtpClient implements AutoCloseable {

    /** One reply: its code and its lines' text. */
    public record Reply(int code, String text) {
        @Override
        public String toString() {
            return code + " " + text;
        }
    }

    /** The listener of the Arquillian test server: 2525 moved by the server's port offset. */
    public static int testServerPort() {
        return 2525 + Integer.getInteger("it.offset", 100);
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting; every read waits at most {@code patience}. */
    public static SmtpClient connect(int port, Duration patience) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) patience.toMillis());
            SmtpClient client = new SmtpClient(socket);
            client.greeting = client.reply();
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply greeting;

    public Reply greeting() {
        return greeting;
    }

    /**
     * STARTTLS (RFC 3207): its reply, and when it is 220 the TLS handshake, accepting any
     * certificate; the peer's certificate chain is then {@link #peerCertificates()}.
     */
    public Reply startTls() {
        Reply go = command("STARTTLS");
        if (go.code() != 220) {
            return go;
        }
        try {
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) SelfSignedHttps.trustingAll().getSocketFactory()
                    .createSocket(socket, "127.0.0.1", socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
            return go;
        } catch (Exception e) {
            throw new IllegalStateException("TLS handshake failed: " + e, e);
        }
    }

    /** The server's certificates once TLS runs. */
    public java.security.cert.Certificate[] peerCertificates() throws javax.net.ssl.SSLPeerUnverifiedException {
        return ((javax.net.ssl.SSLSocket) socket).getSession().getPeerCertificates();
    }

    /** Sends a command line (CRLF added) and reads its reply. */
    public Reply command(String line) {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return reply();
    }

    /** DATA: the message dot-stuffed and ended with CRLF.CRLF (RFC 5321 §4.5.2), and the reply to it; the 354 when it is not one. */
    public Reply data(byte[] message) {
        Reply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        write(dotStuffed(message));
        return reply();
    }

    /** Writes bytes as they are, and reads nothing. */
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole mail transaction: EHLO, MAIL, each RCPT, DATA; the first reply that is not a success, else DATA's. */
    public static Reply send(int port, String from, List<String> to, byte[] message) {
        try (SmtpClient smtp = connect(port, Duration.ofSeconds(60))) {
            for (String line : List.of("EHLO client.example.com", "MAIL FROM:<" + from + ">")) {
                Reply reply = smtp.command(line);
                if (reply.code() != 250) {
                    return reply;
                }
            }
            for (String recipient : to) {
                Reply reply = smtp.command("RCPT TO:<" + recipient + ">");
                if (reply.code() != 250) {
                    return reply;
                }
            }
            Reply reply = smtp.data(message);
            smtp.command("QUIT");
            return reply;
        }
    }

    /** Reads one reply, multi-line or not (RFC 5321 §4.2.1); an UncheckedIOException when none comes in time. */
    public Reply reply() {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new UncheckedIOException(new IOException("the server closed the connection; read so far: " + text));
            }
            if (line.length() < 3) {
                throw new IllegalStateException("not an SMTP reply: " + line);
            }
            text.append(text.length() > 0 ? "\n" : "").append(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
        }
    }

    /** Whether the server has closed the connection (a read ends), within the socket's patience. */
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private String line() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines starting with a dot get another (RFC 5321 §4.5.2); the message ends with CRLF.CRLF. */
    public static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's socket: nothing to do
        }
    }
}
