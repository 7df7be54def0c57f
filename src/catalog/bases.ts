/**
 * The bootable base of each product's config file: every key WSO2's config mapper (Streaming Integrator: its server, below)
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
import { BaseSetting, BaseValue, CatalogPort } from "./types";

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

/**
 * The primary keystore and truststore the distribution ships: JKS up to IS 7.0; from 7.1 the
 * distribution carries only `wso2carbon.p12` and `client-truststore.p12` (product-is v7.1.0
 * `repository/resources/security/`, and its deployment.toml l.26-34), so a file naming the
 * `.jks` stores would not start there.
 */
type KeystoreFormat = { suffix: "jks" | "p12"; type: "JKS" | "PKCS12" };
const JKS: KeystoreFormat = { suffix: "jks", type: "JKS" };
const PKCS12: KeystoreFormat = { suffix: "p12", type: "PKCS12" };

function identityServer(tag: string, userStore: BaseSetting[], stores: KeystoreFormat = JKS): BaseSetting[] {
    const src = `${IS_TOML} ${tag}`;
    return [
        ...carbonServer(src),
        ...userStore,
        ...h2("identity_db", "WSO2IDENTITY_DB", IS_H2, src),
        ...h2("shared_db", "WSO2SHARED_DB", IS_H2, `${src}; ${MAPPER_REF} (governance_data.cache_id)`),
        set("keystore.primary.file_name", `wso2carbon.${stores.suffix}`, src),
        set("keystore.primary.password", "wso2carbon", src),
        set("keystore.primary.type", stores.type, src),
        set("truststore.file_name", `client-truststore.${stores.suffix}`, src),
        set("truststore.password", "wso2carbon", src),
        set("truststore.type", stores.type, src),
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

/**
 * Streaming Integrator 4.x (Carbon 5) reads conf/server/deployment.yaml through carbon-config,
 * which has no `$ref{}`: a namespace the file leaves out becomes its bean's defaults
 * (wso2/carbon-config v2.1.16-v2.1.17 ConfigProviderImpl.getConfigurationObject, l.104-140:
 * `configClass.newInstance()`). So the base holds the namespaces whose bean defaults do not start
 * the server, or do not bind the ports the catalog plans:
 *   - `wso2.securevault`: without it the secure vault never initialises ("Secret repository type
 *     is not set"; wso2/carbon-secvault v5.0.13 SecureVaultUtils throws, v5.0.20 returns "" in OSGi (l.284),
 *     SecureVaultComponent l.81), and carbon-config's ConfigProviderComponent holds a MANDATORY
 *     reference to SecureVault (v2.1.17 l.63-69): no ConfigProvider, no server. The default repository
 *     and reader also need their file parameters (AbstractSecretRepository l.52, DefaultMasterKeyReader l.92).
 *   - `wso2.transport.http` listeners: the bean default is one HTTP listener on 9090
 *     (wso2/transport-http v6.2.0-v6.3.60 TransportsConfiguration(), ListenerConfiguration l.43):
 *     no HTTPS 9443.
 *   - `siddhi.stores.query.api` listeners: the same bean default would put the Store API on 9090,
 *     unshifted (it starts its own MicroservicesRunner, wso2/carbon-analytics StoresApi), on top of
 *     the HTTP transport.
 *   - `databridge.config` receivers: the bean default has none (wso2/carbon-analytics-common
 *     v6.1.50-v6.1.69 DataBridgeConfiguration l.51), and the Binary and Thrift receivers read their
 *     entries without a check (BinaryDataReceiverConfiguration l.47-50, ThriftDataReceiverConfiguration),
 *     so neither binds. Its `maxEventBufferCapacity` bean default is 10, the stock 10000000.
 *   - `wso2.datasources`: WSO2_PERMISSIONS_DB, the H2 database every REST API permission check reads
 *     (carbon-analytics-common PermissionConfig l.40 `datasourceName`). A user's own `dataSources`
 *     list replaces this one whole, so it must list WSO2_PERMISSIONS_DB too.
 * Not needed: `auth.configs` (IdPClientConfiguration's defaults are the stock admin user and role:
 * UserChildElement l.33-42, RoleChildElement l.30-33), `cluster.config`, metrics, persistence (off).
 * The H2 URL options are those of v4.1.0-v4.3.0; v4.0.0's `IFEXISTS=TRUE;MVCC=TRUE` only refuse to
 * create a missing file and ask H2 1.4 for MVCC, which it uses anyway.
 */
const SI_YAML = "wso2/streaming-integrator modules/distribution/carbon-home/conf/server/deployment.yaml";
const SI_TAGS = "v4.0.0-v4.3.0";
const siSet = (key: string[], value: BaseValue, where: string, why: string): BaseSetting => ({ key, value, source: `${SI_YAML} ${SI_TAGS} ${where}; ${why}` });

/** `host` and the stock HTTPS keystore of an MSF4J listener pair (HTTP, HTTPS). */
function msf4jListeners(http: number, https: number): BaseValue[] {
    return [
        { id: "default", host: "0.0.0.0", port: http },
        {
            id: "msf4j-https", host: "0.0.0.0", port: https, scheme: "https",
            keyStoreFile: "${carbon.home}/resources/security/wso2carbon.jks", keyStorePassword: "wso2carbon", certPass: "wso2carbon",
        },
    ];
}

const SI_H2 = "DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000";

/** Port numbers come from the catalog's SI ports (by name), so that no number is written twice. */
export function streamingIntegratorBase(ports: readonly CatalogPort[]): BaseSetting[] {
    const n = (name: string) => {
        const p = ports.find((x) => x.name === name);
        if (!p) throw new Error(`SI base: catalog port "${name}" missing`);
        return p.port;
    };
    const receiver = (type: string, properties: Record<string, string>) => ({ dataReceiver: { type, properties } });
    const sv = ["wso2.securevault"];
    const db = ["databridge.config"];
    return [
        siSet(["wso2.transport.http", "listenerConfigurations"], msf4jListeners(n("http"), n("https")), "l.42-54",
            "bean default: one HTTP listener on 9090, no HTTPS (wso2/transport-http v6.3.60 TransportsConfiguration)"),
        siSet(["siddhi.stores.query.api", "listenerConfigurations"], msf4jListeners(n("store-http"), n("store-https")), "l.72-84",
            "bean default: the Store API on 9090, clashing with the HTTP transport (wso2/carbon-analytics v3.0.72 StoresApi)"),
        ...([["workerThreads", 10], ["maxEventBufferCapacity", 10000000], ["eventBufferSize", 2000], ["clientTimeoutMin", 30]] as const)
            .map(([k, v]) => siSet([...db, k], v, "l.90-105", "marked MANDATORY in the stock file")),
        siSet([...db, "keyStoreLocation"], "${sys:carbon.home}/resources/security/wso2carbon.jks", "l.99", "the binary receiver's TLS keystore"),
        siSet([...db, "keyStorePassword"], "wso2carbon", "l.102", "the binary receiver's TLS keystore"),
        siSet([...db, "dataReceivers"], [
            receiver("Thrift", { tcpPort: String(n("thrift")), sslPort: String(n("thrift-ssl")) }),
            receiver("Binary", { tcpPort: String(n("binary")), sslPort: String(n("binary-ssl")), tcpReceiverThreadPoolSize: "100", sslReceiverThreadPoolSize: "100", hostName: "0.0.0.0" }),
        ], "l.108-132", "bean default: none, so neither receiver binds (wso2/carbon-analytics-common v6.1.69 DataBridgeConfiguration)"),
        siSet([...sv, "secretRepository", "type"], "org.wso2.carbon.secvault.repository.DefaultSecretRepository", "l.329-330", "no secure vault, no ConfigProvider (wso2/carbon-config v2.1.17 ConfigProviderComponent)"),
        ...([["privateKeyAlias", "wso2carbon"], ["keystoreLocation", "${sys:carbon.home}/resources/security/securevault.jks"],
            ["secretPropertiesFile", "${sys:carbon.home}/conf/${sys:wso2.runtime}/secrets.properties"]] as const)
            .map(([k, v]) => siSet([...sv, "secretRepository", "parameters", k], v, "l.331-334", "wso2/carbon-secvault v5.0.20 AbstractSecretRepository")),
        siSet([...sv, "masterKeyReader", "type"], "org.wso2.carbon.secvault.reader.DefaultMasterKeyReader", "l.335-336", "no secure vault, no ConfigProvider"),
        siSet([...sv, "masterKeyReader", "parameters", "masterKeyReaderFile"], "${sys:carbon.home}/conf/${sys:wso2.runtime}/master-keys.yaml", "l.337-339",
            "wso2/carbon-secvault v5.0.20 DefaultMasterKeyReader"),
        siSet(["wso2.datasources", "dataSources"], [{
            name: "WSO2_PERMISSIONS_DB", description: "The datasource used for permission feature",
            jndiConfig: { name: "jdbc/PERMISSION_DB", useJndiReference: true },
            definition: {
                type: "RDBMS",
                configuration: {
                    jdbcUrl: `jdbc:h2:\${sys:carbon.home}/wso2/\${sys:wso2.runtime}/database/PERMISSION_DB;${SI_H2}`,
                    username: "wso2carbon", password: "wso2carbon", driverClassName: "org.h2.Driver",
                    maxPoolSize: 10, idleTimeout: 60000, connectionTestQuery: "SELECT 1", validationTimeout: 30000, isAutoCommit: false,
                },
            },
        }], "l.359-375", "the permission provider's database (wso2/carbon-analytics-common v6.1.69 PermissionConfig)"),
    ];
}

export const BASES = {
    is511: identityServer("v5.11.0", is511UserStore),
    is6: identityServer("v6.0.0, v7.0.0", [set("user_store.type", "database_unique_id", `${IS_TOML} v6.0.0, v7.0.0`)]),
    is71: identityServer("v7.1.0", [set("user_store.type", "database_unique_id", `${IS_TOML} v7.1.0`)], PKCS12),
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
    // No mapper in SI: the namespaces without which it does not start or binds other ports (streamingIntegratorBase).
    "streaming-integrator": [
        ["wso2.securevault", "secretRepository", "type"], ["wso2.securevault", "masterKeyReader", "type"],
        ["wso2.transport.http", "listenerConfigurations"], ["siddhi.stores.query.api", "listenerConfigurations"],
        ["databridge.config", "dataReceivers"],
    ],
};
