/** Accounts, their plans (Free or Pro), sign-up, password checks and the operator's plan changes. */
package com.calendarpipe.account;
