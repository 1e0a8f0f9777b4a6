/**
 * The Model Context Protocol endpoint ({@code /mcp}, Streamable HTTP, stateless): JSON-RPC over
 * JSON-P, the tools an agent uses the hosted calendars with, and each calendar as a resource.
 */
package com.calendarpipe.mcp;
