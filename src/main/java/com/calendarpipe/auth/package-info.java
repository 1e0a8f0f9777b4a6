/** The one authentication mechanism (API key by Bearer or Basic, console session), its refusals, the throttle of failed guesses, and console sign-in. */
package com.calendarpipe.auth;
