/** The one authentication mechanism (API key by Bearer or Basic, console session), its refusals, and console sign-in. */
package com.calendarpipe.auth;
