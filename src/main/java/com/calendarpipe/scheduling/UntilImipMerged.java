package com.calendarpipe.scheduling;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * TEMPORARY: the deployment's {@link Delivery} until the iMIP part of issue 13 (package imip/)
 * is merged; the merger deletes this file. It delivers nothing and says so: "5.1", could not be
 * delivered (RFC 6638 §3.2.9), never a silent drop. Nothing may depend on this class.
 */
@ApplicationScoped
public class UntilImipMerged implements Delivery {

    @Override
    public String send(ExternalMessage message) {
        return "5.1";
    }
}
