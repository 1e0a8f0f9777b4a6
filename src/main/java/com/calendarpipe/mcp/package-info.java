/**
 * The Model Context Protocol endpoint ({@code /mcp}, Streamable HTTP, stateless): JSON-RPC over
 * JSON-P, the tools an agent uses the hosted calendars with, and each calendar as a resource.
 * <p>
 * Not on the MCP Java SDK ({@code io.modelcontextprotocol.sdk:mcp-core} 2.2.0), whose stateless
 * servlet transport would otherwise fit: it brings Jackson and reactor-core into the WAR, and the
 * reactor-core it depends on is a release candidate (3.9.0-RC1), while the stateless protocol we
 * serve (one POST, one JSON answer, no session, no stream) is a few hundred lines over the JSON-P
 * the server already has. Conformance is held by the official clients instead: the TypeScript SDK
 * and the MCP Inspector drive this endpoint in McpClientsIT.
 */
package com.calendarpipe.mcp;
