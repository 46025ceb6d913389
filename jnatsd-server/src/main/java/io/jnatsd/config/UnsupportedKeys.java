package io.jnatsd.config;

import java.util.Locale;
import java.util.Set;

/**
 * Top-level keys nats-server 2.9 knows (server/opts.go, processConfigFileLine) that jnatsd does
 * not implement yet. They draw a warning, not an error, so a config written for nats-server
 * still loads; any key in neither this list nor the mapper is an unknown field, an error as in
 * nats-server.
 */
final class UnsupportedKeys {

    static final Set<String> TOP_LEVEL = Set.of(
            "trace_verbose",
            "mappings", "maps",
            "disable_sublist_cache", "no_sublist_cache",
            "accounts",
            "gateway",
            "leaf", "leafnodes",
            "store_dir", "storedir",
            "jetstream",
            "prof_port",
            "max_traced_msg_len",
            "max_sub_tokens", "max_subscription_tokens",
            "ocsp",
            "operator", "operators", "roots", "root", "root_operators", "root_operator",
            "resolver", "account_resolver", "accounts_resolver",
            "resolver_tls",
            "resolver_preload",
            "resolver_pinned_accounts",
            "system_account", "system",
            "no_system_account", "no_system", "no_sys_acc",
            "trusted", "trusted_keys",
            "connect_error_reports",
            "reconnect_error_reports",
            "mqtt",
            "server_tags",
            "default_js_domain");

    private UnsupportedKeys() {
    }

    static boolean isTopLevel(String key) {
        return TOP_LEVEL.contains(key.toLowerCase(Locale.ROOT));
    }
}
