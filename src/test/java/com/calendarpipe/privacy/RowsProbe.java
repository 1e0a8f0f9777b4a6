package com.calendarpipe.privacy;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test-only (added to the WAR by {@link DeletionIT}, never shipped): looks for what is left of an
 * account in every table of the server's database, whichever it is (H2 or PostgreSQL): a query
 * per table and column that may name it (any {@code account_id} or {@code calendar_id} column,
 * the accounts' ids), and every text column holding any of the given words (the account's email,
 * an event's summary). Answers one line per hit, {@code table.column count}; none: nothing left.
 */
@Stateless
@Path("test-only/rows")
@Produces(MediaType.TEXT_PLAIN)
public class RowsProbe {

    @PersistenceContext
    EntityManager em;

    @GET
    public String left(@QueryParam("id") List<String> ids, @QueryParam("word") List<String> words) {
        @SuppressWarnings("unchecked")
        List<Object[]> columns = em.createNativeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                + "WHERE lower(table_schema) = lower(current_schema) ORDER BY table_name, column_name").getResultList();
        List<String> hits = new ArrayList<>();
        for (Object[] column : columns) {
            String table = column[0].toString().toLowerCase(Locale.ROOT);
            String name = column[1].toString().toLowerCase(Locale.ROOT);
            String type = column[2].toString().toLowerCase(Locale.ROOT);
            if (table.startsWith("flyway")) {
                continue;
            }
            boolean names = name.endsWith("account_id") || name.endsWith("calendar_id") || name.equals("id")
                    || name.equals("deleted_account");
            if (names) {
                for (String id : ids) {
                    count(hits, table, name, "SELECT COUNT(*) FROM " + table + " WHERE CAST(" + name + " AS VARCHAR(100)) = ?1", id);
                }
            }
            if (type.contains("char") || type.contains("text") || type.contains("clob")) {
                for (String word : words) {
                    count(hits, table, name, "SELECT COUNT(*) FROM " + table + " WHERE lower(" + name + ") LIKE ?1",
                            "%" + word.toLowerCase(Locale.ROOT) + "%");
                }
            }
        }
        return String.join("\n", hits);
    }

    private void count(List<String> hits, String table, String column, String sql, String value) {
        long count = ((Number) em.createNativeQuery(sql).setParameter(1, value).getSingleResult()).longValue();
        if (count > 0) {
            hits.add(table + "." + column + " " + count);
        }
    }
}
