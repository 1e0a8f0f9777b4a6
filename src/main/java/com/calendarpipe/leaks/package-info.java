/** Leak reports: a secret scanner's signed batch of tokens found in public, whose live keys are revoked at once. */
package com.calendarpipe.leaks;
