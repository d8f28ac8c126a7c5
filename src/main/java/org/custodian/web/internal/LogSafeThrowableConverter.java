package org.custodian.web.internal;

import java.sql.SQLException;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * Prints exceptions in the log by type, SQLState and stack frames, without the message of a database
 * error or of anything wrapping one: PostgreSQL's messages can quote the values of a row (a
 * duplicate key, a value that does not parse) and the driver's can quote the SQL. Other exceptions
 * keep their messages (Custodian's own never carry personal data); so does nothing that wraps a database error, since a wrapper made from its cause quotes the cause. Registered as {@code %safeEx} in
 * {@code logback-spring.xml}, used for every log line through {@code logging.exception-conversion-word}.
 */
public class LogSafeThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return CoreConstants.LINE_SEPARATOR + super.throwableProxyToString(Withheld.wrap(proxy))
                + CoreConstants.LINE_SEPARATOR;
    }

    /** The same exception, its message replaced where it may quote data. */
    record Withheld(IThrowableProxy proxy) implements IThrowableProxy {

        static IThrowableProxy wrap(IThrowableProxy proxy) {
            return proxy == null ? null : new Withheld(proxy);
        }

        @Override
        public String getMessage() {
            if (!(proxy instanceof ThrowableProxy real)) {
                return proxy.getMessage();
            }
            SQLException database = databaseErrorIn(real.getThrowable());
            if (database == null) {
                return proxy.getMessage();
            }
            return "(message withheld: a database error can quote row values; SQLState "
                    + database.getSQLState() + ")";
        }

        @Override
        public String getOverridingMessage() {
            return null;
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return wrap(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] wrapped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                wrapped[i] = wrap(suppressed[i]);
            }
            return wrapped;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }

        /** The throwable itself if it is a database error, or the first one among its causes. */
        private static SQLException databaseErrorIn(Throwable throwable) {
            for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql) {
                    return sql;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Withheld[" + proxy.getClassName() + "]";
        }
    }
}
