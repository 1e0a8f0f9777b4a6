/** What every feature's persistence shares: the schema migrations and portable converters. */
package com.calendarpipe.persistence;
