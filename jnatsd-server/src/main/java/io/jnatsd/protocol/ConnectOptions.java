package io.jnatsd.protocol;

/**
 * The CONNECT document (see {@link ConnectReader}); unknown fields are ignored. Defaults are
 * those in force before CONNECT: verbose and pedantic on, echo on.
 */
public final class ConnectOptions {
    public boolean verbose = true;
    public boolean pedantic = true;
    public boolean tlsRequired;
    public String authToken;
    public String user;
    public String pass;
    public String name;
    public String lang;
    public String version;
    public int protocol;
    public boolean echo = true;
    public boolean headers;
    public boolean noResponders;
    public String sig;
    public String jwt;
    public String nkey;
    public String account;
    public boolean newAccount;

    /** The options a client has before it sends CONNECT. */
    public static ConnectOptions defaults() {
        return new ConnectOptions();
    }
}
