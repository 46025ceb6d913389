package io.jnatsd.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The CONNECT document. Field names as nats-server; unknown fields are ignored. Defaults are
 * those in force before CONNECT: verbose and pedantic on, echo on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ConnectOptions {
    @JsonProperty("verbose") public boolean verbose = true;
    @JsonProperty("pedantic") public boolean pedantic = true;
    @JsonProperty("tls_required") public boolean tlsRequired;
    @JsonProperty("auth_token") public String authToken;
    @JsonProperty("user") public String user;
    @JsonProperty("pass") public String pass;
    @JsonProperty("name") public String name;
    @JsonProperty("lang") public String lang;
    @JsonProperty("version") public String version;
    @JsonProperty("protocol") public int protocol;
    @JsonProperty("echo") public boolean echo = true;
    @JsonProperty("headers") public boolean headers;
    @JsonProperty("no_responders") public boolean noResponders;
    @JsonProperty("sig") public String sig;
    @JsonProperty("jwt") public String jwt;
    @JsonProperty("nkey") public String nkey;
    @JsonProperty("account") public String account;
    @JsonProperty("new_account") public boolean newAccount;

    /** The options a client has before it sends CONNECT. */
    public static ConnectOptions defaults() {
        return new ConnectOptions();
    }
}
