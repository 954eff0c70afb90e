package dev.romalocal.contract;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An H2 trigger on {@code instance_events} for {@link LifecycleHardeningTest}: it refuses (raises an error for)
 * a history entry whose instance and target status are listed in the test table {@code refused_steps}, so the
 * lifecycle step that writes it fails on the database.
 */
public final class RefuseStepTrigger implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        // instance_events: id, instance_id, project_id, at, operation, from_status, to_status, node
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT COUNT(*) FROM refused_steps WHERE instance_id = ? AND to_status = ?")) {
            st.setObject(1, newRow[1]);
            st.setObject(2, newRow[6]);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw new SQLException("refused by the test", "45000");
                }
            }
        }
    }
}
