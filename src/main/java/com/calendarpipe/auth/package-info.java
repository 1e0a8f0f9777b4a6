/** The one authentication mechanism (API key by Bearer or Basic, console session), its refusals, the throttle of failed guesses, console sign-in and its cookie (Secure over HTTPS), and who a request came from (trusted proxies). */
package com.calendarpipe.auth;
