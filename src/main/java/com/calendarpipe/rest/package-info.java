/** The JSON REST API's frame: the application path, the {@code {data}} and error envelopes, and the exception mappers. */
package com.calendarpipe.rest;
