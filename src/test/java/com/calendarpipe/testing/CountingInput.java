package com.calendarpipe.testing;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;

/** A request body for servlet-level unit tests that counts the bytes read from it: how much of a body a unit needed. */
public final class CountingInput extends ServletInputStream {

    private final ByteArrayInputStream body;
    private long read;

    public CountingInput(byte[] body) {
        this.body = new ByteArrayInputStream(body);
    }

    public long bytesRead() {
        return read;
    }

    @Override
    public boolean isFinished() {
        return body.available() == 0;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("the units under test read blocking");
    }

    @Override
    public int read() {
        int b = body.read();
        if (b >= 0) {
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int n = body.read(buffer, offset, length);
        read += Math.max(n, 0);
        return n;
    }
}
