/** API keys: their format, their hashed storage, creation, listing, revocation and last-used recording. */
package com.calendarpipe.apikey;
