/** Invitations a hosted calendar received by mail from organizers elsewhere: listed, followed through updates and cancellation, and answered. */
package com.calendarpipe.invitations;
