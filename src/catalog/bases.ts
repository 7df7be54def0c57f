/**
 * The bootable base of each product's deployment.toml: every key WSO2's config mapper
 * needs to start, with the stock distribution's default values. The user's config merges
 * over it, so a spec with no config renders a file that starts. Written from the facts
 * (key names and values), not copied from WSO2's files.
 *
 * Why each key: the mapper resolves every `$ref{...}` in the default.json files and exits
 * when one names a key nothing sets (wso2/config-mapper v1.0.22 ReferenceResolver; carbon-kernel
 * server Main). Read at carbon-kernel v4.10.9 / v4.9.26 default.json, product-is v5.11.0 and
 * v7.0.0, product-apim v3.2.0 and v4.3.0, micro-integrator v4.2.0 default.json:
 *   - `governance_data.cache_id` refers to `database.shared_db.url` and `.username` (IS, API-M);
 *   - `tasks.server_address` and `tasks.client_dispatch_address` to `server.hostname` (IS, API-M);
 *   - `clustering.local_member_host` to `server.node_ip` (IS; API-M 3.2);
 *   - MI's `synapse_properties.'analytics.id'` to `server.hostname`.
 * The rest are what the stock file holds so that the server has a user store, databases and
 * keystores: the embedded H2 databases, the admin account, the `wso2carbon` keystores.
 * Default passwords stay here as the stock distribution has them; every key named
 * `*password*` marks the rendered file secret (src/render/secrets.ts).
 */
import { BaseSetting } from "./types";

const IS_TOML = "wso2/product-is modules/distribution/src/repository/resources/conf/deployment.toml";
const APIM_TOML = "wso2/product-apim modules/distribution/product/src/main/conf/deployment.toml";
const MI_TOML = "wso2/micro-integrator distribution/src/conf/deployment.toml";
const MAPPER_REF = "referenced by $ref{} in carbon-kernel default.json (config-mapper exits when unset)";

const set = (key: string, value: BaseSetting["value"], source: string): BaseSetting => ({ key: key.split("."), value, source });

/** H2 under the product's own repository/database, as the stock file names them. */
function h2(db: string, file: string, options: string, source: string): BaseSetting[] {
    return [
        set(`database.${db}.type`, "h2", source),
        set(`database.${db}.url`, `jdbc:h2:./repository/database/${file};${options}`, source),
        set(`database.${db}.username`, "wso2carbon", source),
        set(`database.${db}.password`, "wso2carbon", source),
    ];
}

function carbonServer(source: string): BaseSetting[] {
    return [
        set("server.hostname", "localhost", `${source}; ${MAPPER_REF} (tasks.server_address)`),
        set("server.node_ip", "127.0.0.1", `${source}; ${MAPPER_REF} (clustering.local_member_host)`),
        set("super_admin.username", "admin", source),
        set("super_admin.password", "admin", source),
        set("super_admin.create_admin_account", true, source),
    ];
}

const IS_H2 = "DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000";

function identityServer(tag: string, userStore: BaseSetting[]): BaseSetting[] {
    const src = `${IS_TOML} ${tag}`;
    return [
        ...carbonServer(src),
        ...userStore,
        ...h2("identity_db", "WSO2IDENTITY_DB", IS_H2, src),
        ...h2("shared_db", "WSO2SHARED_DB", IS_H2, `${src}; ${MAPPER_REF} (governance_data.cache_id)`),
        set("keystore.primary.file_name", "wso2carbon.jks", src),
        set("keystore.primary.password", "wso2carbon", src),
        set("keystore.primary.type", "JKS", src),
        set("truststore.file_name", "client-truststore.jks", src),
        set("truststore.password", "wso2carbon", src),
        set("truststore.type", "JKS", src),
        set("identity.auth_framework.endpoint.app_password", "dashboard", src),
    ];
}

/** IS 5.11's default user store is the embedded LDAP it starts itself (port catalog: `ldap`). */
const is511UserStore: BaseSetting[] = [
    ["type", "read_write_ldap_unique_id"],
    ["connection_url", "ldap://localhost:${Ports.EmbeddedLDAP.LDAPServerPort}"],
    ["connection_name", "uid=admin,ou=system"],
    ["connection_password", "admin"],
    ["base_dn", "dc=wso2,dc=org"],
].map(([k, v]) => set(`user_store.${k}`, v, `${IS_TOML} v5.11.0`));

const APIM_H2 = "DB_CLOSE_ON_EXIT=FALSE";

function apiManager(): BaseSetting[] {
    const src = `${APIM_TOML} v3.2.0, v4.3.0`;
    return [
        ...carbonServer(src),
        set("user_store.type", "database_unique_id", src),
        ...h2("apim_db", "WSO2AM_DB", APIM_H2, src),
        ...h2("shared_db", "WSO2SHARED_DB", APIM_H2, `${src}; ${MAPPER_REF} (governance_data.cache_id)`),
        set("database.local.url", `jdbc:h2:./repository/database/WSO2CARBON_DB;${APIM_H2}`, src),
        ...[["file_name", "wso2carbon.jks"], ["type", "JKS"], ["password", "wso2carbon"], ["alias", "wso2carbon"], ["key_password", "wso2carbon"]]
            .map(([k, v]) => set(`keystore.tls.${k}`, v, src)),
    ];
}

function microIntegrator(): BaseSetting[] {
    const src = `${MI_TOML} v4.0.0-v4.3.0`;
    return [
        set("server.hostname", "localhost", `${src}; referenced by $ref{} in micro-integrator v4.2.0 config-tool/default.json (synapse_properties.'analytics.id')`),
        set("user_store.type", "read_only_ldap", src),
        ...[["file_name", "repository/resources/security/wso2carbon.jks"], ["password", "wso2carbon"], ["alias", "wso2carbon"], ["key_password", "wso2carbon"]]
            .map(([k, v]) => set(`keystore.primary.${k}`, v, src)),
        ...[["file_name", "repository/resources/security/client-truststore.jks"], ["password", "wso2carbon"], ["alias", "symmetric.key.value"], ["algorithm", "AES"]]
            .map(([k, v]) => set(`truststore.${k}`, v, src)),
    ];
}

export const BASES = {
    is511: identityServer("v5.11.0", is511UserStore),
    is6: identityServer("v6.0.0, v7.0.0", [set("user_store.type", "database_unique_id", `${IS_TOML} v6.0.0, v7.0.0`)]),
    apim: apiManager(),
    mi: microIntegrator(),
};

/**
 * Keys the config mapper cannot start without, per product (the `$ref{}` targets above):
 * tests parse a rendered file back and check each one is there.
 */
export const MAPPER_REQUIRED_KEYS: Record<string, string[][]> = {
    "identity-server": [["database", "shared_db", "url"], ["database", "shared_db", "username"], ["server", "hostname"], ["server", "node_ip"]],
    "api-manager": [["database", "shared_db", "url"], ["database", "shared_db", "username"], ["server", "hostname"], ["server", "node_ip"]],
    "micro-integrator": [["server", "hostname"]],
};
